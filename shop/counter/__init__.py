"""Counter sales at OCOP outlets (bán tại quầy): the till's receipts, their lines, and voids."""


def init_app(app):
    """Register the sale tables, and the payments and sale states in words."""
    from shop.counter import models  # (the tables, for SQLAlchemy and Alembic)

    app.context_processor(lambda: {"sale_payment": models.PAYMENT_LABELS, "sale_state": models.STATE_LABELS})
