"""Expiry reminders at 60, 30 and 7 days and on expiry; each once; renewal keeps a product on sale."""
from datetime import date, timedelta

import pytest

from shop.catalog.filters import ProductFilters
from shop.catalog.listing import find_products
from shop.certification.expiry import add_expiry_reminders, mail_reminders
from shop.extensions import db
from shop.notifications.models import Notification
from shop.office.services import approve_certificate
from shop.sellers.models import SellerMember
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_certificate, make_product, make_seller
from tests.support.server import free_port
from tests.support.smtp import smtp_server

EXPIRES = date(2026, 9, 1)


@pytest.fixture
def product():
    seller = make_seller()
    for email, role in (("chu@example.vn", "owner"), ("nv@example.vn", "staff")):
        db.session.add(SellerMember(user=make_user(email), seller=seller, role=role))
    db.session.commit()
    return make_product("Chè Tân Cương", seller=seller, decision_date=date(2023, 9, 1), expires_on=EXPIRES)


def texts():
    return [n.text for n in db.session.query(Notification).order_by(Notification.id)]


@pytest.mark.parametrize("days_before, expected", [
    (61, None), (60, "sau 60 ngày"), (45, "sau 45 ngày"), (30, "sau 30 ngày"), (8, "sau 8 ngày"), (7, "sau 7 ngày"),
    (-1, "đã hết hạn"),
])
def test_a_reminder_goes_to_every_member_at_each_step(product, days_before, expected):
    sent = len(add_expiry_reminders(EXPIRES - timedelta(days=days_before)))
    if expected is None:
        assert sent == 0 and texts() == []
    else:
        assert sent == 2 and all(expected in text for text in texts())


def test_each_step_is_sent_once_however_often_the_check_runs(product, runner, app):
    day = EXPIRES - timedelta(days=30)
    assert len(add_expiry_reminders(day)) == 2
    assert len(add_expiry_reminders(day)) == 0
    assert len(add_expiry_reminders(day + timedelta(days=1))) == 0  # still the 30-day step
    assert len(add_expiry_reminders(EXPIRES - timedelta(days=7))) == 2
    app.config["SHOP_TODAY"] = EXPIRES + timedelta(days=1)
    result = runner.invoke(args=["ocop", "expiry-check"])
    assert result.exit_code == 0 and "2 reminder(s) sent, 0 by email" in result.output
    assert "1 expired product(s) left the search index" in result.output
    assert len(texts()) == 6


def test_a_renewal_verified_before_expiry_keeps_the_product_on_sale(product):
    office = make_user("vp@ocop.gov.vn", office=True)
    renewal = make_certificate(product, status="pending", decision_date=date(2026, 8, 20))
    approve_certificate(renewal, office, TODAY)
    db.session.commit()
    for day in (EXPIRES, EXPIRES + timedelta(days=1), EXPIRES + timedelta(days=400)):
        assert [p.name for p, _ in find_products(day, ProductFilters(), 1, 10).items] == ["Chè Tân Cương"]
    assert len(add_expiry_reminders(EXPIRES - timedelta(days=7))) == 0  # the renewal is current: nothing to remind


def test_with_smtp_set_reminders_are_also_emailed(product, app):
    with smtp_server() as (port, messages):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
        assert mail_reminders(add_expiry_reminders(EXPIRES - timedelta(days=7))) == 2
    assert sorted(m["To"] for m in messages) == ["chu@example.vn", "nv@example.vn"]
    assert "sau 7 ngày" in messages[0].get_content()


def test_a_mail_failure_is_logged_and_the_others_still_go(product, app, caplog):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)  # nothing listens
    outbox = add_expiry_reminders(EXPIRES - timedelta(days=7))
    assert mail_reminders(outbox) == 0 and len(outbox) == 2
    assert caplog.text.count("not mailed (it is in the app)") == 2
