"""sellable(today): the one rule for whether a buyer may see or buy a product, and the predicates it is built of.

sellable(today) = offered() (published, by a verified producer) and certified(today)
(its current certificate in force). certified() alone is what a sale outside the
web shop asks, where "published online" does not matter.

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
from functools import lru_cache

from sqlalchemy import and_, select

from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.sellers.models import Seller


def offered():
    """SQL clause: published by its producer, and the producer verified by the programme office."""
    return and_(Product.published.is_(True), Product.seller.has(Seller.verified))


def certified(today: date):
    """SQL clause: the product's current certificate is in force on `today`, published online or not."""
    return Product.current_certificate.has(Certificate.in_force(today))


def is_certified(product: Product, today: date) -> bool:
    """certified(today) for one loaded product (tests/catalog/test_sellable.py holds the two together)."""
    certificate = product.current_certificate
    return certificate is not None and certificate.in_force(today)


def sellable(today: date):
    """SQL clause: published, by a verified producer, and its current certificate in force on `today`."""
    return and_(offered(), certified(today))


def indexable(today: date):
    """SQL clause: offered, and certified on `today` or on a later day with no row changed (a decision dated ahead).

    The search index holds only these products and is rewritten when one of their
    rows changes, so what it leaves out is never sellable; what it holds is still
    re-checked by sellable() (it may have expired since).
    """
    return and_(offered(), Product.current_certificate.has(Certificate.in_force_or_due(today)))


@lru_cache(maxsize=4)
def sellable_with_certificates(today: date):
    """SELECT (Product, current Certificate) rows of sellable products, newest first.

    Built once per day and process (a statement is immutable: each `.where` makes a new one).
    """
    return (
        select(Product, Certificate)
        .join(Certificate, Certificate.id == Product.current_certificate_id)
        .where(sellable(today))
        .order_by(Product.created_at.desc(), Product.id.desc())
    )
