"""The programme office: verification queues for producers and certificates, revocations, the audit log."""


def init_app(app):
    """Register the audit log's table and the /office pages."""
    from shop.office import models, views  # noqa: F401  (models: the table, for SQLAlchemy and Alembic)

    app.register_blueprint(views.bp)
