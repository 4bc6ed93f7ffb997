"""sellable(today): the one rule for whether a buyer may see or buy a product.

Every page, API answer, cart and checkout filters products through this clause;
templates never decide it. See docs/design.md §2.

A product's *current* certificate is its latest decision already taken by
`today` (verified or revoked; pending and rejected submissions decide
nothing). A later decision supersedes an earlier one even while the earlier
one has time left: a re-rating to 2★ or a revocation takes the product off
sale at once. The product is sellable when its current certificate is in force.
"""
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from shop.catalog.models import Product
from shop.certification.models import DECIDED_STATUSES, Certificate
from shop.sellers.models import Seller


def current_certificate_id(today: date):
    """Correlated subquery: the id of the product's latest decision taken by `today`."""
    decision = aliased(Certificate)
    return (
        select(decision.id)
        .where(decision.product_id == Product.id, decision.status.in_(DECIDED_STATUSES),
               decision.decision_date <= today)
        .order_by(decision.decision_date.desc(), decision.id.desc())
        .limit(1)
        .correlate(Product)
        .scalar_subquery()
    )


def sellable(today: date):
    """SQL clause: published, by a verified seller, and its current certificate in force on `today`."""
    return and_(
        Product.published.is_(True),
        Product.seller.has(Seller.status == "verified"),
        Product.certificates.any(and_(Certificate.id == current_certificate_id(today),
                                      Certificate.in_force(today))),
    )


def sellable_with_certificates(today: date):
    """SELECT (Product, current Certificate) rows of sellable products, newest first."""
    return (
        select(Product, Certificate)
        .join(Certificate, Certificate.id == current_certificate_id(today))
        .where(sellable(today))
        .order_by(Product.created_at.desc(), Product.id.desc())
    )
