"""Seller verbs: finding and registering producers."""
from sqlalchemy import select

from shop.clock import now
from shop.extensions import db
from shop.sellers.models import Seller
from shop.slugs import unique_slug
from shop.text import fold


def find_seller(name: str, province: str) -> Seller | None:
    """The producer with this name in this province, ignoring case and diacritics."""
    return db.session.scalar(
        select(Seller).where(Seller.name_key == fold(name), Seller.province == province)
    )


def find_or_create_seller(name: str, owner_type: str, province: str, *, verified_by=None) -> tuple[Seller, bool]:
    """Match a producer by name + province or create it verified (an office act); returns (seller, created)."""
    seller = find_seller(name, province)
    if seller:
        return seller, False
    seller = Seller(name=name, name_key=fold(name), owner_type=owner_type, province=province,
                    slug=unique_slug(Seller, name), status="verified",
                    verified_by_id=verified_by and verified_by.id, verified_at=now())
    db.session.add(seller)
    db.session.flush()
    return seller, True
