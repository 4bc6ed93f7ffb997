"""What the index knows of a product: its words and the values the listing filters by.

Only indexable products (shop/catalog/sellable.py) have a document; a product
that stops being indexable is removed at the next write that touches it, or by
`forget_expired` once its certificate runs out.
"""
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import indexable
from shop.certification.models import Certificate
from shop.extensions import db
from shop.sellers.models import Seller

FILTER_COLUMNS = ("stars", "group_id", "subgroup_id", "province", "owner_type", "seller_id", "price_vnd",
                  "expires_on")


def document_rows(today, *conditions):
    """SELECT one row per indexable product (meeting `conditions`, if any): its words and filter values."""
    subgroup = aliased(ProductGroup)
    query = (select(Product.id.label("product_id"), Product.name, Product.unit, Product.description,
                    Seller.name.label("producer"), Seller.commune, Seller.slug.label("seller_slug"),
                    (ProductGroup.name + " " + func.coalesce(subgroup.name, "")).label("group_names"),
                    Certificate.stars, Product.group_id, Product.subgroup_id,
                    subgroup.parent_id.label("subgroup_parent_id"), Seller.province,
                    Seller.owner_type, Product.seller_id, Product.price_vnd,
                    Certificate.expires_on)
             .join(Seller, Seller.id == Product.seller_id)
             .join(Certificate, Certificate.id == Product.current_certificate_id)
             .join(ProductGroup, ProductGroup.id == Product.group_id)
             .outerjoin(subgroup, subgroup.id == Product.subgroup_id)
             .where(indexable(today), *conditions)
             .order_by(Product.id))
    return query


def product_documents(today, product_ids=None, connection=None):
    """The document rows of these products (or of all), read with `connection` (or the session)."""
    conditions = () if product_ids is None else (Product.id.in_(product_ids),)
    return (connection or db.session).execute(document_rows(today, *conditions))
