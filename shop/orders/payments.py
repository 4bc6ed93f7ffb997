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
from flask import current_app
from sqlalchemy import select, update

from shop.clock import now
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import warehouse_of
from shop.orders.models import Order, Payment, WebhookEvent

log = logging.getLogger(__name__)


def card_payments_enabled() -> bool:
    return bool(current_app.config["STRIPE_SECRET_KEY"])


def _stripe():
    stripe.api_key = current_app.config["STRIPE_SECRET_KEY"]
    if current_app.config["STRIPE_API_BASE"]:
        stripe.api_base = current_app.config["STRIPE_API_BASE"]
    return stripe


def start_card_payment(order: Order) -> str:
    """Create the order's PaymentIntent and Payment row; returns the client secret for Stripe.js."""
    intent = _stripe().PaymentIntent.create(amount=order.total_vnd, currency="vnd", payment_method_types=["card"],
                                            metadata={"order": order.number})
    db.session.add(Payment(order=order, method="card", provider_id=intent.id, amount_vnd=order.total_vnd))
    db.session.flush()
    return intent.client_secret


def refund_card(order: Order, amount_vnd: int) -> None:
    """Refund part of a card order through Stripe (whole dong)."""
    paid = next(p for p in order.payments if p.method == "card" and p.status == "succeeded")
    _stripe().Refund.create(payment_intent=paid.provider_id, amount=amount_vnd)


def card_client_secret(order: Order) -> str:
    """The client secret of the order's latest PaymentIntent, for the card form."""
    return _stripe().PaymentIntent.retrieve(order.payments[-1].provider_id).client_secret


def _lines(order: Order):
    for part in order.parts:
        warehouse = warehouse_of(part.seller)
        for line in part.lines:
            yield warehouse, line


def _settle(order: Order) -> None:
    """The card payment arrived: the reserved units are sold (and written to the ledger)."""
    for warehouse, line in _lines(order):
        db.session.execute(update(StockLevel).where(
            StockLevel.location_id == warehouse.id, StockLevel.product_id == line.product_id,
            StockLevel.reserved >= line.quantity).values(on_hand=StockLevel.on_hand - line.quantity,
                                                         reserved=StockLevel.reserved - line.quantity))
        db.session.add(StockMovement(location_id=warehouse.id, product_id=line.product_id, delta=-line.quantity,
                                     reason="order", reference=order.number))
    order.status = "paid"


def release(order: Order) -> None:
    """Give back an unpaid order's reserved units; the order expires. Flushes."""
    if order.status != "awaiting_payment":
        return
    for warehouse, line in _lines(order):
        db.session.execute(update(StockLevel).where(
            StockLevel.location_id == warehouse.id, StockLevel.product_id == line.product_id,
            StockLevel.reserved >= line.quantity).values(reserved=StockLevel.reserved - line.quantity))
    order.status = "expired"
    for payment in order.payments:
        if payment.status in ("pending", "requires_action", "failed"):
            payment.status = "cancelled"
    db.session.flush()


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
    db.session.add(WebhookEvent(provider_event_id=event["id"], type=event["type"]))
    db.session.flush()  # a replayed event id fails here (unique), before anything else changes
    intent = event["data"]["object"]
    payment = db.session.scalar(select(Payment).where(Payment.provider_id == intent["id"]).with_for_update())
    if payment is None:
        log.warning("Stripe event %s for an unknown payment %s", event["id"], intent["id"])
        return "unknown payment", None
    return _apply(event["type"], payment), payment.order


def _apply(kind: str, payment: Payment) -> str:
    order = payment.order
    if payment.status in ("succeeded", "refunded"):
        return "already settled"  # a late failure or a repeat after success changes nothing
    if kind == "payment_intent.succeeded":
        payment.status = "succeeded"
        if order.status == "awaiting_payment":
            _settle(order)
            return "paid"
        # Paid after the reservation ran out: its units may be sold already. Give the money back.
        _stripe().Refund.create(payment_intent=payment.provider_id)
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
        release(order)
        return "released"
    return "ignored"
