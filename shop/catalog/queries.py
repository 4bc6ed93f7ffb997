"""Read-side queries of the catalog, shared by the storefront and the JSON API."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from shop.catalog.models import Product
from shop.catalog.sellable import sellable_with_certificates
from shop.certification.models import Certificate
from shop.extensions import db
from shop.inventory.models import Location, StockLevel


@dataclass
class Listing:
    """One page of sellable products, as (product, current certificate) pairs."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def product_page(today, page: int, per_page: int, *, stars: int | None = None) -> Listing:
    """Page `page` of sellable products, newest first; only those now rated `stars` if given."""
    query = sellable_with_certificates(today)
    if stars:
        query = query.where(Certificate.stars == stars)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    query = query.options(joinedload(Product.seller), joinedload(Product.group))
    items = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Listing(items, total, page, per_page)


def sellable_product(today, slug: str) -> tuple[Product, Certificate] | None:
    """The sellable product with this slug and its current certificate, or None."""
    query = sellable_with_certificates(today).where(Product.slug == slug).options(
        joinedload(Product.seller), joinedload(Product.group), joinedload(Product.subgroup))
    return db.session.execute(query).first()


def available_units(product) -> int:
    """Units of `product` free to sell from its producer's warehouse."""
    return db.session.scalar(
        select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
        .join(Location)
        .where(StockLevel.product_id == product.id, Location.kind == "warehouse",
               Location.seller_id == product.seller_id)
    )
