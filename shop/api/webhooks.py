"""/webhooks/stripe: Stripe's events, signature checked; each event id is handled once."""
import logging

import stripe
from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError

from shop.extensions import db
from shop.orders.confirmation import send_confirmation
from shop.orders.payments import handle_event

bp = Blueprint("webhooks", __name__)
log = logging.getLogger(__name__)


@bp.post("/webhooks/stripe")
def stripe_events():
    secret = current_app.config["STRIPE_WEBHOOK_SECRET"]
    if not secret:  # without a secret no signature can be checked: accept nothing
        return jsonify(error={"code": "not_configured", "message": "STRIPE_WEBHOOK_SECRET is not set"}), 400
    try:
        event = stripe.Webhook.construct_event(request.get_data(), request.headers.get("Stripe-Signature", ""),
                                               secret)
    except (ValueError, stripe.SignatureVerificationError):
        return jsonify(error={"code": "bad_signature", "message": "missing or invalid Stripe signature"}), 400
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
