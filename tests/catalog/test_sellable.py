"""The one invariant: sellable(today), at each of its edges, and the predicates it is built of."""
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shop.catalog.editing import publish_blockers
from shop.catalog.models import Product
from shop.catalog.sellable import certified, is_certified, sellable, sellable_with_certificates
from shop.catalog.services import ensure_groups, find_group, find_or_create_product
from shop.certification.models import Certificate
from shop.certification.services import record_certificate, revoke_certificate
from shop.extensions import db
from shop.sellers.models import SELLER_STATUSES
from shop.sellers.services import find_or_create_seller
from tests.conftest import TODAY
from tests.factories import make_certificate, make_product, make_seller

DAY = timedelta(days=1)
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def sellable_names(today):
    return db.session.scalars(select(Product.name).where(sellable(today))).all()


def test_a_verified_4_star_product_in_force_is_sellable(today):
    make_product("Chè Tân Cương")
    assert sellable_names(today) == ["Chè Tân Cương"]


def test_certificate_expiring_today_is_still_sellable(today):
    make_product(expires_on=today)
    assert sellable_names(today) == ["Chè Tân Cương"]


def test_certificate_expired_yesterday_is_not_sellable(today):
    make_product(expires_on=today - DAY)
    assert sellable_names(today) == []


def test_decision_dated_today_is_sellable_but_not_one_dated_tomorrow(today):
    make_product("Hôm nay", decision_date=today)
    make_product("Ngày mai", decision_date=today + DAY)
    assert sellable_names(today) == ["Hôm nay"]


@pytest.mark.parametrize("stars, listed", [(1, False), (2, False), (3, True), (4, True), (5, True)])
def test_only_3_stars_and_above_are_sellable(today, stars, listed):
    make_product(stars=stars)
    assert bool(sellable_names(today)) is listed


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_unverified_certificate_is_not_sellable(today, status):
    make_product(status=status)
    assert sellable_names(today) == []


def test_revoked_certificate_is_not_sellable(today):
    product = make_product()
    revoke_certificate(product.certificates[0], reason="Vi phạm chất lượng")
    db.session.commit()
    assert sellable_names(today) == []


@pytest.mark.parametrize("status", ["pending", "suspended"])
def test_seller_not_verified_makes_its_products_unsellable(today, status):
    make_product(seller=make_seller(status=status))
    assert sellable_names(today) == []


def test_unpublished_product_is_not_sellable(today):
    make_product(published=False)
    assert sellable_names(today) == []


def test_product_without_any_certificate_is_not_sellable(today):
    make_product(certificate=False)
    assert sellable_names(today) == []


def test_old_expired_plus_new_valid_certificate_lists_the_product_once(today):
    product = make_product(decision_date=today - 4 * 365 * DAY)
    new = make_certificate(product, stars=5, decision_date=today - 10 * DAY)
    assert sellable_names(today) == ["Chè Tân Cương"]
    rows = db.session.execute(sellable_with_certificates(today)).all()
    assert [(p.name, c.code) for p, c in rows] == [("Chè Tân Cương", new.code)]


def test_two_valid_certificates_list_once_with_the_latest_decision(today):
    product = make_product(stars=5, decision_date=today - 400 * DAY)
    newer = make_certificate(product, stars=3, decision_date=today - 5 * DAY)
    rows = db.session.execute(sellable_with_certificates(today)).all()
    assert [(p.name, c.code, c.stars) for p, c in rows] == [("Chè Tân Cương", newer.code, 3)]


@pytest.mark.parametrize("fields", [
    {}, {"stars": 2}, {"status": "pending"}, {"status": "rejected"},
    {"decision_date": date(2026, 6, 15)}, {"decision_date": date(2026, 6, 16)},
    {"expires_on": date(2026, 6, 15)}, {"expires_on": date(2026, 6, 14)},
])
def test_in_force_agrees_in_python_and_sql(today, fields):
    certificate = make_product(**fields).certificates[0]
    in_sql = db.session.scalar(select(Certificate.in_force(today)).where(Certificate.id == certificate.id))
    assert bool(in_sql) is certificate.in_force(today)


def test_revoking_the_latest_certificate_takes_the_product_off_sale_despite_an_older_one(today):
    product = make_product(decision_date=today - 400 * DAY)
    newer = make_certificate(product, decision_date=today - 5 * DAY)
    revoke_certificate(newer, reason="Vi phạm")
    db.session.commit()
    assert sellable_names(today) == []


def test_a_rerating_to_2_stars_supersedes_an_earlier_5_star_certificate(today):
    product = make_product(stars=5, decision_date=today - 400 * DAY)
    make_certificate(product, stars=2, decision_date=today - 5 * DAY)
    assert sellable_names(today) == []


def test_pending_or_rejected_submissions_do_not_supersede_the_current_one(today):
    product = make_product(stars=4, decision_date=today - 400 * DAY)
    make_certificate(product, stars=2, status="pending", decision_date=today - 5 * DAY)
    make_certificate(product, stars=2, status="rejected", decision_date=today - 4 * DAY)
    rows = db.session.execute(sellable_with_certificates(today)).all()
    assert [(p.name, c.stars) for p, c in rows] == [("Chè Tân Cương", 4)]


def test_a_decision_recorded_ahead_of_its_date_supersedes_at_once(today):
    """Conservative: the product is off sale until the new decision takes effect, never sold on the old one."""
    product = make_product(stars=4, decision_date=today - 400 * DAY)
    make_certificate(product, stars=5, decision_date=today + 5 * DAY)
    assert sellable_names(today) == []
    assert sellable_names(today + 5 * DAY) == ["Chè Tân Cương"]


def test_current_certificate_pointer_follows_every_decision(today):
    product = make_product(decision_date=today - 400 * DAY)
    first = product.certificates[0]
    second = make_certificate(product, decision_date=today - 5 * DAY)
    assert product.current_certificate_id == second.id
    make_certificate(product, status="pending", decision_date=today - 1 * DAY)
    assert product.current_certificate_id == second.id
    revoke_certificate(second, reason="Vi phạm")
    assert product.current_certificate_id == second.id  # a revocation is a decision too
    assert first.id != second.id


def test_certified_ignores_publishing_and_the_producer(today):
    """What a counter outside the web shop asks: an unpublished product of a suspended producer is still certified."""
    make_product(published=False, seller=make_seller(status="suspended"))
    make_product("Hết hạn", expires_on=today - DAY)
    assert db.session.scalars(select(Product.name).where(certified(today))).all() == ["Chè Tân Cương"]
    assert sellable_names(today) == []


SELLER_STATUS = st.one_of(st.just("verified"), st.sampled_from(SELLER_STATUSES))  # verified half the time
TERMS = ("status", "stars", "ahead", "expired")  # the ways a certificate can fail "in force"


def days(low: int, high: int):
    """Days from today in low..high, often at the end nearest today (where the edges are)."""
    edge = (max(low, -3), min(high, 3))
    return st.one_of(st.integers(*edge), st.integers(low, high))


@st.composite
def decision(draw):
    """One certificate as (status, stars, decided, expires in days from today): in force, or failing one or two terms.

    Half of them are in force; a revoked one is recorded verified, then revoked.
    """
    fails = draw(st.one_of(st.just(frozenset()), st.sets(st.sampled_from(TERMS), min_size=1, max_size=2)))
    status = draw(st.sampled_from(("pending", "rejected", "revoked"))) if "status" in fails else "verified"
    stars = draw(st.integers(1, 2) if "stars" in fails else st.integers(3, 5))
    decided = draw(days(1, 60) if "ahead" in fails else days(-1100, 0))
    expires = draw(days(-300, -1) if "expired" in fails else days(0, 1100))
    return status, stars, decided, max(decided, expires)  # (a decision ahead cannot have expired)


@pytest.fixture
def groups():
    """The product groups, committed before the examples (each example rolls back its own rows)."""
    ensure_groups()
    db.session.commit()


def decided_product(seller_status, published, priced, decisions):
    """A product as generated, its certificates recorded (and revoked) through the services; flushed only."""
    seller, _ = find_or_create_seller("HTX Thuộc Tính", "htx", "Hà Nội")
    seller.status = seller_status
    product, _ = find_or_create_product(seller, "Mật ong", find_group("Thực phẩm"))
    product.price_vnd, product.published = (150_000 if priced else None), published and priced
    for number, (status, stars, decided, expires) in enumerate(decisions):
        decided, expires = TODAY + decided * DAY, TODAY + expires * DAY
        certificate = record_certificate(product, stars=stars, decision_number=f"{number}/QĐ", decision_date=decided,
                                         expires_on=expires, authority="UBND tỉnh",
                                         status="verified" if status == "revoked" else status)
        if status == "revoked":
            revoke_certificate(certificate, reason="Vi phạm")
    db.session.flush()
    return product


def holds(clause, product) -> bool:
    return bool(db.session.scalar(select(clause).where(Product.id == product.id)))


@PROPERTY
@example(seller_status="verified", published=True, priced=True,  # the later decision revoked: not the older
         decisions=[("verified", 4, -400, 700), ("revoked", 4, -5, 1000)])
@example(seller_status="verified", published=True, priced=True,  # a later decision dated ahead
         decisions=[("verified", 4, -400, 700), ("verified", 5, 5, 1000)])
@example(seller_status="suspended", published=False, priced=True,  # certified, by a suspended producer
         decisions=[("verified", 4, -100, 1000)])
@given(seller_status=SELLER_STATUS, published=st.booleans(), priced=st.booleans(),
       decisions=st.lists(decision(), max_size=3))
def test_publish_blockers_are_empty_exactly_when_the_product_once_published_is_sellable(
        seller_status, published, priced, decisions, groups):
    """publish_blockers(p, today) == [] ⇔ p has a price and, published, is sellable(today) in SQL.

    Whether p is published now does not matter (the blockers say whether it could be); a price is not part of
    sellable() but the database refuses a published product without one, so its absence is a blocker too.
    Also: is_certified (Python) agrees with certified() (SQL) for every generated product.
    """
    with db.session.begin_nested() as savepoint:
        product = decided_product(seller_status, published, priced, decisions)
        blockers_as_generated = publish_blockers(product, TODAY)
        assert is_certified(product, TODAY) is holds(certified(TODAY), product)
        product.price_vnd, product.published = 150_000, True
        db.session.flush()
        on_sale = holds(sellable(TODAY), product)
        assert (publish_blockers(product, TODAY) == []) is on_sale
        assert (blockers_as_generated == []) is (on_sale and priced)
        savepoint.rollback()
    db.session.expunge_all()  # ids are reused after the rollback: forget the rolled-back rows
