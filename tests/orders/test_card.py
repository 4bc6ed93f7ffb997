"""Card payments against localstripe: success, decline, 3-D Secure; signed, idempotent webhooks;
reservations that run out give the stock back."""
import sqlite3
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
import stripe
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from shop.clock import now
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.orders import fulfilment
from shop.orders.models import Order, Payment
from shop.orders.payments import release_expired
from tests.factories import make_product
from tests.orders.support import add_to_cart, check_out
from tests.support.stripe_events import WEBHOOK_SECRET, localstripe, signed_event


@pytest.fixture(scope="module")
def stripe_base():
    with localstripe() as base:
        yield base


@pytest.fixture
def card_shop(app, stripe_base):
    app.config.update(STRIPE_SECRET_KEY="sk_test_ocop", STRIPE_API_BASE=stripe_base,
                      STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_PUBLISHABLE_KEY="pk_test_ocop")
    return make_product("Mật ong bạc hà", price_vnd=250_000, stock=5)


def stock(product) -> tuple[int, int, int]:
    level = db.session.scalars(select(StockLevel).where(StockLevel.product_id == product.id)).one()
    ledger = db.session.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product.id))
    db.session.refresh(level)
    return level.on_hand, level.reserved, ledger


def card_checkout(client, product, quantity=2, email="") -> Order:
    add_to_cart(client, product, quantity)
    response = check_out(client, payment_method="card", email=email)
    order = db.session.scalars(select(Order)).one()
    assert response.location == f"/orders/{order.number}/pay"
    return order


def pay_with(intent_id: str, method: str):
    """What Stripe.js does in the buyer's browser: attach the card, confirm (localstripe wants two calls)."""
    stripe.PaymentIntent.modify(intent_id, payment_method=method)
    return stripe.PaymentIntent.confirm(intent_id)


def deliver(client, event_type, intent_id, event_id):
    payload, signature = signed_event(event_type, intent_id, event_id)
    return client.post("/webhooks/stripe", data=payload, headers={"Stripe-Signature": signature},
                       content_type="application/json")


def test_a_paid_card_order_turns_its_reservation_into_a_sale(client, card_shop, caplog):
    order = card_checkout(client, card_shop, email="minh@example.vn")
    assert "email to" not in caplog.text  # no confirmation before the money arrives
    assert order.status == "awaiting_payment" and stock(card_shop) == (5, 2, 5)
    payment = order.payments[0]
    assert payment.amount_vnd == order.total_vnd == 530_000
    assert "data-secret=" in client.get(f"/orders/{order.number}/pay").text
    intent = pay_with(payment.provider_id, "pm_card_visa")
    assert intent.status == "succeeded" and intent.amount == 530_000 and intent.currency == "vnd"
    assert deliver(client, "payment_intent.succeeded", payment.provider_id, "evt_1").get_json()["outcome"] == "paid"
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == "paid" and stock(card_shop) == (3, 0, 3)
    assert f"Đơn {order.number}" in caplog.text  # the confirmation, once paid
    replay = deliver(client, "payment_intent.succeeded", payment.provider_id, "evt_1")
    assert replay.status_code == 200 and replay.get_json()["outcome"] == "already handled"
    late_failure = deliver(client, "payment_intent.payment_failed", payment.provider_id, "evt_2")
    assert late_failure.get_json()["outcome"] == "already settled"
    db.session.expire_all()
    assert stock(card_shop) == (3, 0, 3) and db.session.get(Payment, payment.id).status == "succeeded"


def _nothing_locked(product_id: int) -> bool:
    """Could another buyer write now? SQLite: its one write lock is free; PostgreSQL: the product's stock rows are."""
    if db.engine.dialect.name == "sqlite":
        other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # takes the write lock at once, or fails at once
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()
    with db.engine.connect() as other:
        try:
            other.execute(text("SELECT id FROM stock_level WHERE product_id = :id FOR UPDATE NOWAIT"),
                          {"id": product_id})
            return True
        except OperationalError:
            return False
        finally:
            other.rollback()


def test_no_lock_is_held_while_stripe_answers(client, card_shop, monkeypatch):
    """The PaymentIntent is created before the order writes anything: Stripe may take seconds, and meanwhile other
    buyers' orders must not wait (SQLite's one write lock, PostgreSQL's row of the product's stock)."""
    create, free = stripe.PaymentIntent.create, []

    def answering(**kwargs):
        free.append(_nothing_locked(card_shop.id))
        return create(**kwargs)
    monkeypatch.setattr(stripe.PaymentIntent, "create", answering)
    order = card_checkout(client, card_shop)
    assert free == [True]
    assert order.payments[0].amount_vnd == order.total_vnd == 530_000 and stock(card_shop) == (5, 2, 5)


def test_stripe_is_allowed_on_the_card_form_only_and_only_while_card_payment_is_on(client, app, card_shop):
    add_to_cart(client, card_shop, 1)
    for page in ("/checkout", "/cart", f"/products/{card_shop.slug}"):  # card payment is offered, Stripe not loaded
        assert "stripe" not in client.get(page).headers["Content-Security-Policy"]
    order = card_checkout(client, card_shop, quantity=1)
    pay = client.get(f"/orders/{order.number}/pay")
    assert pay.status_code == 200 and '<script src="https://js.stripe.com/v3/">' in pay.text
    policy = pay.headers["Content-Security-Policy"]
    assert "script-src 'self' https://js.stripe.com;" in policy
    assert "connect-src 'self' https://api.stripe.com;" in policy
    assert "frame-src 'self' https://js.stripe.com https://hooks.stripe.com;" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert 'payment=(self "https://js.stripe.com")' in pay.headers["Permissions-Policy"]
    assert "stripe" not in client.get(f"/orders/{order.number}").headers["Content-Security-Policy"]
    app.config["STRIPE_SECRET_KEY"] = ""  # card payment switched off: the form cannot be shown
    off = client.get(f"/orders/{order.number}/pay")
    assert off.status_code == 503 and "js.stripe.com" not in off.text
    assert "stripe" not in off.headers["Content-Security-Policy"] + off.headers["Permissions-Policy"]


def test_a_declined_card_keeps_the_reservation_until_it_runs_out(client, card_shop, runner):
    order = card_checkout(client, card_shop)
    payment = order.payments[0]
    with pytest.raises(stripe.CardError):
        pay_with(payment.provider_id, "pm_card_chargeCustomerFail")
    deliver(client, "payment_intent.payment_failed", payment.provider_id, "evt_3")
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).status == "failed" and stock(card_shop) == (5, 2, 5)
    db.session.get(Order, order.id).reserved_until = now() - timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["orders", "release-expired"])
    assert result.exit_code == 0 and "1 unpaid order(s) released" in result.output
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == "expired" and stock(card_shop) == (5, 0, 5)
    assert stripe.PaymentIntent.retrieve(payment.provider_id).status == "canceled"  # no card can pay it now
    assert runner.invoke(args=["orders", "release-expired"]).output.startswith("0 unpaid")


def complete_3d_secure(stripe_base: str, intent) -> None:
    """localstripe's stand-in for the bank's 3-D Secure page: the buyer passes the check."""
    data = urllib.parse.urlencode({"client_secret": intent.client_secret, "success": "true",
                                   "key": "pk_test_ocop"}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{stripe_base}/v1/payment_intents/{intent.id}/_authenticate",
                                                  data=data, method="POST"), timeout=10).close()


def test_3d_secure_asks_for_action_and_a_payment_after_expiry_is_refunded(client, card_shop, stripe_base, caplog):
    order = card_checkout(client, card_shop)
    payment = order.payments[0]
    method = stripe.PaymentMethod.create(type="card", card={"number": "4000002760003184", "exp_month": 12,
                                                            "exp_year": 2030, "cvc": "123"})
    intent = pay_with(payment.provider_id, method.id)
    assert intent.status == "requires_action"
    deliver(client, "payment_intent.requires_action", payment.provider_id, "evt_4")
    complete_3d_secure(stripe_base, intent)  # the buyer passes the bank's check just as time runs out...
    assert stripe.PaymentIntent.retrieve(payment.provider_id).status == "succeeded"
    db.session.get(Order, order.id).reserved_until = now() - timedelta(minutes=1)
    db.session.commit()
    assert "Hết hạn thanh toán" in client.get(f"/orders/{order.number}").text  # ...before its event arrives
    assert f"PaymentIntent {payment.provider_id} not cancelled" in caplog.text  # Stripe has taken the money
    db.session.expire_all()
    assert stock(card_shop) == (5, 0, 5)
    outcome = deliver(client, "payment_intent.succeeded", payment.provider_id, "evt_5").get_json()["outcome"]
    db.session.expire_all()
    assert outcome == "refunded late payment" and db.session.get(Payment, payment.id).status == "refunded"
    assert stock(card_shop) == (5, 0, 5)  # nothing sold after the reservation ran out


@pytest.mark.parametrize("signature", [None, "t=1,v1=forged", "garbage"])
def test_a_forged_or_missing_signature_changes_nothing(client, card_shop, signature):
    order = card_checkout(client, card_shop)
    payload, _good = signed_event("payment_intent.succeeded", order.payments[0].provider_id, "evt_6")
    headers = {"Stripe-Signature": signature} if signature else {}
    response = client.post("/webhooks/stripe", data=payload, headers=headers, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_signature"
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == "awaiting_payment" and stock(card_shop) == (5, 2, 5)


def test_an_event_for_an_unknown_payment_is_logged_and_answered(client, card_shop, caplog):
    response = deliver(client, "payment_intent.succeeded", "pi_unknown", "evt_7")
    assert response.status_code == 200 and response.get_json()["outcome"] == "unknown payment"
    assert "unknown payment pi_unknown" in caplog.text


def test_a_producer_refunding_a_card_part_gives_the_money_back_through_stripe(client, card_shop):
    order = card_checkout(client, card_shop)
    payment = order.payments[0]
    pay_with(payment.provider_id, "pm_card_visa")
    deliver(client, "payment_intent.succeeded", payment.provider_id, "evt_8")
    db.session.expire_all()
    part = db.session.get(Order, order.id).parts[0]
    fulfilment.cancel(part)
    db.session.commit()
    refunds = stripe.Refund.list(payment_intent=payment.provider_id).data
    assert [r.amount for r in refunds] == [530_000]
    assert stock(card_shop) == (5, 0, 5)  # the units are back too
    statuses = db.session.scalars(select(Payment.status).where(Payment.order_id == order.id)).all()
    assert sorted(statuses) == ["refunded", "succeeded"]


@pytest.mark.parametrize("expire", [False, True])
def test_an_unpaid_card_order_is_not_on_the_order_desk_and_cannot_be_moved(client, card_shop, expire):
    order = card_checkout(client, card_shop)
    if expire:
        order.reserved_until = now() - timedelta(minutes=1)
        db.session.commit()
        release_expired()
        db.session.commit()
    part = db.session.get(Order, order.id).parts[0]
    assert fulfilment.parts_of(part.seller, None, 1).total == 0
    with pytest.raises(fulfilment.FulfilmentRefused):
        fulfilment.cancel(part)
    db.session.rollback()
    assert stock(card_shop) == ((5, 0, 5) if expire else (5, 2, 5))  # nothing given back twice


def test_a_success_event_stripe_does_not_confirm_changes_nothing(client, card_shop, caplog):
    """A signed event is still checked against Stripe: here the buyer has not paid yet."""
    order = card_checkout(client, card_shop)
    outcome = deliver(client, "payment_intent.succeeded", order.payments[0].provider_id, "evt_9").get_json()
    assert outcome["outcome"] == "not confirmed by Stripe" and "expected succeeded" in caplog.text
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == "awaiting_payment" and stock(card_shop) == (5, 2, 5)
