"""Stock: producers' warehouses, OCOP outlets and the append-only stock ledger."""


def init_app(app):
    """Register the stock tables (locations, stock levels and the ledger) and the ledger's reasons in words."""
    from shop.inventory.models import REASON_LABELS  # the tables too, for SQLAlchemy and Alembic

    app.context_processor(lambda: {"movement_reason": REASON_LABELS})
