"""Card payments through Stripe PaymentIntents, and what their events do to an order.

VND is a zero-decimal currency: Stripe amounts are whole dong, like ours. A card
order reserves its stock at checkout (`reserved_until`, 15 minutes by default);
`payment_intent.succeeded` turns the reservation into a sale; a cancelled intent
or the reservation running out (`flask orders release-expired`, also run when an
order page is opened) gives the units back. Every event is handled once
(WebhookEvent), and a late or repeated one changes nothing it should not.
"""
import logging

import stripe
from flask import current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from shop.clock import now
from shop.extensions import db
from shop.inventory.services import release_reservation, settle_reservation
from shop.orders.models import Order, Payment, WebhookEvent

log = logging.getLogger(__name__)
STRIPE_TIMEOUT_SECONDS = 15
INTENTS_TO_CANCEL = "stripe_intents_to_cancel"  # session.info: PaymentIntents of orders released, for after commit


def card_payments_enabled() -> bool:
    return bool(current_app.config["STRIPE_SECRET_KEY"])


def _stripe():
    stripe.api_key = current_app.config["STRIPE_SECRET_KEY"]
    if current_app.config["STRIPE_API_BASE"]:
        stripe.api_base = current_app.config["STRIPE_API_BASE"]
    if stripe.default_http_client is None:  # Stripe's own default waits 80 s, three times: a buyer would give up
        stripe.default_http_client = stripe.RequestsClient(timeout=STRIPE_TIMEOUT_SECONDS)
        stripe.max_network_retries = 1  # retried with the same idempotency key, so never charged twice
    return stripe


def open_card_payment(amount_vnd: int, number: str):
    """Create the PaymentIntent of the order `number` about to be placed, before anything is written for it.

    Stripe may take seconds to answer (up to twice STRIPE_TIMEOUT_SECONDS): asked inside the order's transaction,
    it kept the product's stock rows locked that long, and on SQLite the one write lock every other buyer waits
    for. An order then refused leaves an intent that nobody can pay (its client secret is never shown)."""
    return _stripe().PaymentIntent.create(amount=amount_vnd, currency="vnd", payment_method_types=["card"],
                                          metadata={"order": number})


def record_card_payment(order: Order, intent) -> str:
    """The order's Payment row for the PaymentIntent opened for it; returns the client secret for Stripe.js."""
    if intent.amount != order.total_vnd:  # both come from the same cart read; a mismatch is a bug, not a sale
        raise ValueError(f"PaymentIntent {intent.id} is for {intent.amount} ₫, order {order.number} for "
                         f"{order.total_vnd} ₫")
    db.session.add(Payment(order=order, method="card", provider_id=intent.id, amount_vnd=order.total_vnd))
    db.session.flush()
    return intent.client_secret


def refund_card(order: Order, amount_vnd: int, key: str) -> None:
    """Refund part of a card order through Stripe (whole dong); `key` makes a retried request refund once."""
    paid = next(p for p in order.payments if p.method == "card" and p.status == "succeeded")
    _stripe().Refund.create(payment_intent=paid.provider_id, amount=amount_vnd, idempotency_key=key)


def card_client_secret(order: Order) -> str:
    """The client secret of the order's latest PaymentIntent, for the card form."""
    return _stripe().PaymentIntent.retrieve(order.payments[-1].provider_id).client_secret


def _leave_awaiting(order: Order, status: str) -> bool:
    """Move an unpaid order on, once: True only for the one transaction whose conditional UPDATE did it.

    A success webhook and the release of an expired reservation may run at the same time; the order row
    decides which of them acts (and the other changes nothing).
    """
    moved = db.session.execute(update(Order).where(Order.id == order.id, Order.status == "awaiting_payment")
                               .values(status=status).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(order)
    return moved == 1


def _change_reserved(order: Order, sell: bool) -> None:
    """Sell each line's reserved units (`sell`) or put them back on sale, in product order so that
    concurrent writers never deadlock."""
    verb = settle_reservation if sell else release_reservation
    for line in sorted((line for part in order.parts for line in part.lines), key=lambda line: line.product_id):
        verb(line.product, line.quantity, reference=order.number)


def _settle(order: Order) -> bool:
    """The card payment arrived: the reserved units are sold. False if the order had already expired."""
    if not _leave_awaiting(order, "paid"):
        return False
    _change_reserved(order, sell=True)
    return True


def release(order: Order) -> None:
    """Give back an unpaid order's reserved units; the order expires (once, however many ask). Flushes.

    Its open PaymentIntents are cancelled at Stripe once the transaction commits (never
    while it holds the order's and the stock's rows), so the card cannot be charged for
    an order that no longer holds stock; a payment that got through first is refunded
    when its event arrives (see `_apply`).
    """
    if not _leave_awaiting(order, "expired"):
        return
    _change_reserved(order, sell=False)
    for part in order.parts:
        part.status = "cancelled"
    for payment in order.payments:
        if payment.status in ("pending", "requires_action", "failed"):
            payment.status = "cancelled"
            db.session.info.setdefault(INTENTS_TO_CANCEL, []).append(payment.provider_id)
    db.session.flush()


@event.listens_for(Session, "after_commit")
def _cancel_released_intents(session):
    if session.in_nested_transaction():
        return  # a released savepoint is not the commit
    intents = session.info.pop(INTENTS_TO_CANCEL, ())
    if intents and has_app_context() and card_payments_enabled():
        for intent_id in intents:
            try:
                _stripe().PaymentIntent.cancel(intent_id)
            except stripe.StripeError as refusal:  # paid meanwhile (refunded by its event), or cancelled already
                log.warning("PaymentIntent %s not cancelled: %s", intent_id, refusal.user_message or refusal)


@event.listens_for(Session, "after_rollback")
def _forget_released_intents(session):
    session.info.pop(INTENTS_TO_CANCEL, None)  # the release did not happen


def release_if_ran_out(order: Order) -> bool:
    """Release this unpaid order if its reservation has run out (compared in SQL: stored times are UTC)."""
    ran_out = db.session.scalar(select(Order.id).where(Order.id == order.id, Order.status == "awaiting_payment",
                                                       Order.reserved_until < now()))
    if ran_out is None:
        return False
    release(order)
    return order.status == "expired"


def release_expired(moment=None) -> int:
    """Release every card order whose reservation ran out; returns how many."""
    expired = db.session.scalars(select(Order).where(Order.status == "awaiting_payment",
                                                     Order.reserved_until < (moment or now()))
                                 .with_for_update(skip_locked=True)).all()
    for order in expired:
        release(order)
    return len(expired)


def handle_event(event) -> tuple[str, Order | None]:
    """Apply one verified Stripe event once; returns what was done (for the log and tests) and the order."""
    if db.session.scalar(select(WebhookEvent.id).where(WebhookEvent.provider_event_id == event["id"])):
        return "already handled", None
    db.session.add(WebhookEvent(provider_event_id=event["id"], type=event["type"]))
    db.session.flush()  # a duplicate delivered at the same moment fails here (unique), before anything changes
    intent = event["data"]["object"]
    payment = db.session.scalar(select(Payment).where(Payment.provider_id == intent["id"]).with_for_update())
    if payment is None:
        log.warning("Stripe event %s for an unknown payment %s", event["id"], intent["id"])
        return "unknown payment", None
    return _apply(event["type"], payment), payment.order


def _confirmed_by_stripe(payment: Payment) -> bool:
    """Ask Stripe itself: is this PaymentIntent paid, in full, in VND? (An event only says so.)"""
    intent = _stripe().PaymentIntent.retrieve(payment.provider_id)
    if intent.status == "succeeded" and intent.amount == payment.amount_vnd and intent.currency == "vnd":
        return True
    log.error("payment %s: Stripe says %s, %s %s; expected succeeded, %s vnd", payment.provider_id, intent.status,
              intent.amount, intent.currency, payment.amount_vnd)
    return False


def _apply(kind: str, payment: Payment) -> str:
    order = payment.order
    if payment.status in ("succeeded", "refunded"):
        return "already settled"  # a late failure or a repeat after success changes nothing
    if kind == "payment_intent.succeeded":
        if not _confirmed_by_stripe(payment):
            return "not confirmed by Stripe"
        payment.status = "succeeded"
        if _settle(order):
            return "paid"
        # Paid after the reservation ran out: its units may be sold already. Give the money back.
        _stripe().Refund.create(payment_intent=payment.provider_id, idempotency_key=f"late-{payment.provider_id}")
        payment.status = "refunded"
        log.warning("order %s was paid after its reservation ran out; the payment was refunded", order.number)
        return "refunded late payment"
    if kind == "payment_intent.payment_failed":
        payment.status = "failed"  # the buyer may try another card until the reservation runs out
        return "failed"
    if kind == "payment_intent.requires_action":
        payment.status = "requires_action"
        return "requires action"
    if kind == "payment_intent.canceled":
        payment.status = "cancelled"  # at Stripe already: release need not cancel it
        release(order)
        return "released"
    return "ignored"
