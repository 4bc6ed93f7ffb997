"""sellable(today): the one rule for whether a buyer may see or buy a product.

Every page, API answer, cart and checkout filters products through this clause;
templates never decide it. See docs/design.md §2.

A product's *current* certificate is its latest decision (verified or revoked;
pending and rejected submissions decide nothing), by decision date. A later
decision supersedes an earlier one even while the earlier one has time left:
a re-rating to 2★ or a revocation takes the product off sale at once. The
certificate services keep `Product.current_certificate_id` pointing at it
(`refresh_current_certificate`), so this rule is a key lookup, not a search
through every certificate; whether that certificate is in force *today* is
always decided here, at query time.
"""
from datetime import date

from sqlalchemy import and_, select

from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.sellers.models import Seller


def _offered_with(certificate_condition):
    return and_(
        Product.published.is_(True),
        Product.seller.has(Seller.status == "verified"),
        Product.current_certificate.has(certificate_condition),
    )


def sellable(today: date):
    """SQL clause: published, by a verified seller, and its current certificate in force on `today`."""
    return _offered_with(Certificate.in_force(today))


def indexable(today: date):
    """SQL clause: sellable on `today`, or on a later day with no row changed (a certificate dated ahead).

    The search index holds only these products and is rewritten when one of their
    rows changes, so what it leaves out is never sellable; what it holds is still
    re-checked by sellable() (it may have expired since).
    """
    return _offered_with(Certificate.in_force_or_due(today))


def sellable_with_certificates(today: date):
    """SELECT (Product, current Certificate) rows of sellable products, newest first."""
    return (
        select(Product, Certificate)
        .join(Certificate, Certificate.id == Product.current_certificate_id)
        .where(sellable(today))
        .order_by(Product.created_at.desc(), Product.id.desc())
    )
