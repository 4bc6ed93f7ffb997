"""In-app notifications (with an email when SMTP is set): certificate expiry, office decisions."""
from flask_login import current_user


def init_app(app):
    """Register the notification table, /account/notifications, and the unread count private pages show."""
    from shop.notifications import models, services, views  # noqa: F401  (models: the table)

    app.register_blueprint(views.bp)
    # Called only by private pages: a public page must never read the session.
    app.jinja_env.globals["unread_notifications"] = lambda: services.unread_count(current_user.id)
