"""What the index knows of a product: its words, read from the database in one query."""
from sqlalchemy import select
from sqlalchemy.orm import aliased

from shop.catalog.models import Product, ProductGroup
from shop.extensions import db
from shop.sellers.models import Seller


def product_documents(product_ids=None, connection=None):
    """(id, {field: text}) for the given products, or for all when `product_ids` is None."""
    subgroup = aliased(ProductGroup)
    query = (select(Product.id, Product.name, Product.description, Seller.name, Seller.province,
                    Seller.commune, ProductGroup.name, subgroup.name)
             .join(Seller, Seller.id == Product.seller_id)
             .join(ProductGroup, ProductGroup.id == Product.group_id)
             .outerjoin(subgroup, subgroup.id == Product.subgroup_id)
             .order_by(Product.id))
    if product_ids is not None:
        query = query.where(Product.id.in_(product_ids))
    rows = (connection or db.session).execute(query)
    for pid, name, description, producer, province, commune, group, subgroup in rows:
        yield pid, {
            "name": name,
            "producer": producer,
            "group": " ".join(filter(None, (group, subgroup))),
            "place": " ".join(filter(None, (province, commune))),
            "description": description or "",
        }
