"""/webhooks/stripe: Stripe's events, signature checked; each event id is handled once."""
import logging

import stripe
from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError

from shop.errors import api_error
from shop.extensions import db
from shop.orders.confirmation import send_confirmation
from shop.orders.payments import handle_event

bp = Blueprint("webhooks", __name__)
log = logging.getLogger(__name__)


@bp.post("/webhooks/stripe")
def stripe_events():
    secret = current_app.config["STRIPE_WEBHOOK_SECRET"]
    if not secret:  # without a secret no signature can be checked: accept nothing
        return api_error(400, "not_configured", "STRIPE_WEBHOOK_SECRET is not set")
    try:
        event = stripe.Webhook.construct_event(request.get_data(), request.headers.get("Stripe-Signature", ""),
                                               secret)
    except (ValueError, stripe.SignatureVerificationError):
        return api_error(400, "bad_signature", "missing or invalid Stripe signature")
    try:
        outcome, order = handle_event(event)
        db.session.commit()
    except IntegrityError:  # the same event delivered twice at the same moment: the other delivery handles it
        db.session.rollback()
        outcome, order = "already handled", None
    if outcome == "paid":
        send_confirmation(order, order.email or (order.user.email if order.user else None))
    log.info("Stripe event %s (%s): %s", event["id"], event["type"], outcome)
    return jsonify(received=True, outcome=outcome)
