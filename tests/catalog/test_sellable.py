"""The one invariant: sellable(today), at each of its edges."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from shop.catalog.models import Product
from shop.catalog.sellable import sellable, sellable_with_certificates
from shop.certification.models import Certificate
from shop.certification.services import revoke_certificate
from shop.extensions import db
from tests.factories import make_certificate, make_product, make_seller

DAY = timedelta(days=1)


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
