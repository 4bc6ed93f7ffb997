"""Seller verbs: finding and registering producers."""
from sqlalchemy import select

from shop.clock import now
from shop.extensions import db
from shop.sellers.models import Seller, SellerChannel
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


def declare_channels(seller: Seller, enterprise_size: str | None, channels) -> bool:
    """Set the producer's enterprise size and declared sales channels; True when that changed anything."""
    wanted = sorted(set(channels))
    if seller.enterprise_size == enterprise_size and [c.channel for c in seller.channels] == wanted:
        return False
    seller.enterprise_size = enterprise_size
    seller.channels = [SellerChannel(channel=channel) for channel in wanted]
    db.session.flush()
    return True
