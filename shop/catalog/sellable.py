"""sellable(today): the one rule for whether a buyer may see or buy a product.

Every page, API answer, cart and checkout filters products through this clause;
templates never decide it. See docs/design.md §2.
"""
from datetime import date

from sqlalchemy import and_, select

from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.sellers.models import Seller


def sellable(today: date):
    """SQL clause: published, by a verified seller, with a certificate in force on `today`."""
    return and_(
        Product.published.is_(True),
        Product.seller.has(Seller.status == "verified"),
        Product.certificates.any(Certificate.in_force(today)),
    )


def current_certificate_id(today: date):
    """Correlated subquery: the product's certificate in force with the latest decision."""
    return (
        select(Certificate.id)
        .where(Certificate.product_id == Product.id, Certificate.in_force(today))
        .order_by(Certificate.decision_date.desc(), Certificate.id.desc())
        .limit(1)
        .correlate(Product)
        .scalar_subquery()
    )


def sellable_with_certificates(today: date):
    """SELECT (Product, current Certificate) rows of sellable products, newest first."""
    return (
        select(Product, Certificate)
        .join(Certificate, Certificate.id == current_certificate_id(today))
        .where(sellable(today))
        .order_by(Product.created_at.desc(), Product.id.desc())
    )
