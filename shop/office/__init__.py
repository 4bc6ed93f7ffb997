"""The programme office: verification queues for producers and certificates, revocations, the audit log."""


def init_app(app):
    """Register the audit log's table, its actions in words, and the /office pages."""
    from shop.office import models, views  # (models: the table, for SQLAlchemy and Alembic)

    app.register_blueprint(views.bp)
    app.context_processor(lambda: {"audit_action": models.ACTION_LABELS})
