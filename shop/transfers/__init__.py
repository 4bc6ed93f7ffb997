"""Consignment transfers between a producer's warehouse and OCOP outlets, returns, and outlets' requests."""


def init_app(app):
    """Register the transfer tables and the transfer states in words."""
    from shop.transfers import models  # (the tables, for SQLAlchemy and Alembic)

    app.context_processor(lambda: {"transfer_state": models.STATE_LABELS})
