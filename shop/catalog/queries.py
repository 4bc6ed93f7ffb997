"""Read-side queries of the catalog, shared by the storefront and the JSON API."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from shop.catalog.models import Product
from shop.catalog.sellable import certified, sellable, sellable_with_certificates
from shop.certification.models import Certificate
from shop.extensions import db
from shop.sellers.models import Seller


def sellable_product(today, slug: str) -> tuple[Product, Certificate] | None:
    """The sellable product with this slug and its current certificate, or None."""
    query = sellable_with_certificates(today).where(Product.slug == slug).options(
        joinedload(Product.seller), joinedload(Product.group), joinedload(Product.subgroup))
    return db.session.execute(query).first()


def certified_products(today, *, slugs=None, seller_id: int | None = None) -> list[Product]:
    """Products certified `today`, published or not (what an outlet may ask a producer for), by name: those
    with these `slugs`, or of this producer."""
    query = select(Product).where(certified(today)).options(joinedload(Product.seller))
    if slugs is not None:
        query = query.where(Product.slug.in_(slugs))
    if seller_id is not None:
        query = query.where(Product.seller_id == seller_id)
    return list(db.session.scalars(query.order_by(Product.name, Product.id)))


def spotlight_producer(today) -> Seller | None:
    """The producer with the most products on sale, to introduce on the home page."""
    return db.session.scalar(
        select(Seller).join(Product, Product.seller_id == Seller.id).where(sellable(today))
        .group_by(Seller.id).order_by(func.count(Product.id).desc(), Seller.name).limit(1)
    )
