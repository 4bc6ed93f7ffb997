"""Endpoints for programs rather than people: JSON API v1 (the read side of the catalog, for apps and
partners) and the payment provider's webhook."""
from shop.extensions import csrf


def init_app(app):
    """Register /api/v1 and /webhooks/stripe; neither takes a browser's form, so neither checks a CSRF token."""
    from shop.api import views, webhooks

    app.register_blueprint(views.bp, url_prefix="/api/v1")
    csrf.exempt(views.bp)  # read-only JSON; never a cookie-authenticated write
    app.register_blueprint(webhooks.bp)
    csrf.exempt(webhooks.bp)  # Stripe signs its events instead
