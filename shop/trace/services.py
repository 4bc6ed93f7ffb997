"""What a GS1 Digital Link scan is told about a product: found by its GTIN, with its producer and its certificate's
live status by the same rules as /verify (`public_status`); and about one of its batches, named by AI 10."""
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from shop.catalog.gtin import LENGTH, GtinInvalid, normalized
from shop.catalog.models import Product
from shop.catalog.queries import sellable_product
from shop.certification.models import Certificate
from shop.certification.services import public_status
from shop.extensions import db
from shop.inventory.models import Batch, StockMovement
from shop.inventory.services import BATCH_CODE, batch_code
from shop.sellers.models import Seller

AI_GTIN = "01"  # GS1 Application Identifier of a GTIN; its value in a Digital Link is always 14 digits
AI_BATCH = "10"  # GS1 Application Identifier of a batch or lot number: 1 to 20 characters of CSET 82
# The characters of CSET 82 a Digital Link writes as they are (its grammar's XCHAR); the others, "%&/<>?, are
# percent-encoded.
_KEPT_AS_IS = "!'()*+,-.:;=_"
DIGITAL_LINK_PATH = re.compile(r"/01/(?P<gtin>[0-9]{14})"  # the canonical path, and a batch's after it
                               r"(/10/(?P<batch>(%[0-9A-F]{2}|[!'()*+,\-.0-9:;=A-Z_a-z]){1,20}))?")
BATCHES_SHOWN = 20  # the newest batches /01/<gtin> lists, each a link to its own page


class BatchValueInvalid(GtinInvalid):
    """Not a value GS1's AI 10 allows (1 to 20 characters of CSET 82): the reason for people, and in English."""


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


def batch_value(segment: str) -> str:
    """A Digital Link's AI 10 value (already percent-decoded) checked against GS1's syntax; BatchValueInvalid
    with the reason otherwise."""
    if not BATCH_CODE.fullmatch(segment):
        raise BatchValueInvalid(_l("Mã lô trong đường dẫn GS1 gồm 1 đến 20 ký tự: chữ không dấu, chữ số và các "
                                   "dấu cho phép, không dấu cách."),
                                "an AI 10 value is 1 to 20 characters of GS1's character set 82")
    return segment


def batch_path(code: str) -> str:
    """The part of a batch's Digital Link after the product's: /10/ and the batch code, percent-encoded as GS1's
    URI syntax asks."""
    return f"/{AI_BATCH}/{quote(code, safe=_KEPT_AS_IS)}"


def find_traced_batch(product: Product, value: str) -> Batch | None:
    """The product's batch an AI 10 value names (as the shop writes codes: upper case), or None."""
    return db.session.scalar(select(Batch).where(Batch.product_id == product.id, Batch.code == batch_code(value)))


def traced_batches(product: Product) -> list[Batch]:
    """The product's batches the ledger knows (they hold or have moved units), the latest made first, at most
    BATCHES_SHOWN; a code named before codes kept to AI 10's syntax has no Digital Link, and is left out."""
    moved = select(StockMovement.id).where(StockMovement.batch_id == Batch.id).exists()
    batches = db.session.scalars(select(Batch).where(Batch.product_id == product.id, moved)
                                 .order_by(Batch.produced_on.desc(), Batch.id.desc()).limit(BATCHES_SHOWN))
    return [batch for batch in batches if BATCH_CODE.fullmatch(batch.code)]
