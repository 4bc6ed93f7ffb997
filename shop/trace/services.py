"""What a GS1 Digital Link scan is told about a product: found by its GTIN, with its producer and its certificate's
live status by the same rules as /verify (`public_status`)."""
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from shop.catalog.gtin import LENGTH, GtinInvalid, normalized
from shop.catalog.models import Product
from shop.catalog.queries import sellable_product
from shop.certification.models import Certificate
from shop.certification.services import public_status
from shop.extensions import db
from shop.sellers.models import Seller

AI_GTIN = "01"  # GS1 Application Identifier of a GTIN; its value in a Digital Link is always 14 digits
DIGITAL_LINK_PATH = re.compile(r"/01/(?P<gtin>[0-9]{14})")  # the canonical path; /10/<batch> will follow it


@dataclass(frozen=True)
class Trace:
    """A product found by its GTIN: its current certificate (or None), that certificate's public status, and
    whether the shop sells it today."""

    product: Product
    certificate: Certificate | None
    status: str
    on_sale: bool


def gtin_of(segment: str) -> str:
    """The GTIN-13 a Digital Link's AI 01 value names: 14 digits with a leading 0 (canonical) or the 13 digits
    themselves; GtinInvalid with the reason otherwise (a true GTIN-14 is not a product the shop records)."""
    if len(segment) == LENGTH + 1 and segment.isascii() and segment.isdigit():
        if not segment.startswith("0"):
            raise GtinInvalid(_l("Mã %(gtin)s là GTIN-14 của một thùng hàng, không phải mã của một sản phẩm.",
                                 gtin=segment), "a GTIN-14 not starting with 0 names a case, not a product")
        segment = segment[1:]
    return normalized(segment)


def canonical(gtin: str) -> str:
    """AI 01's value for a GTIN-13: zero-padded to 14 digits, as GS1 Digital Link's canonical form writes it."""
    return gtin.zfill(LENGTH + 1)


def trace(gtin: str, today: date) -> Trace | None:
    """The product carrying this GTIN-13, if its producer is verified (others are not shown to the public)."""
    product = db.session.scalar(select(Product).join(Product.seller)
                                .where(Product.gtin == gtin, Seller.status == "verified")
                                .options(joinedload(Product.seller), joinedload(Product.current_certificate)))
    if product is None:
        return None
    certificate = product.current_certificate
    return Trace(product, certificate, public_status(certificate, today),
                 sellable_product(today, product.slug) is not None)
