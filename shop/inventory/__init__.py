"""Stock: producers' warehouses, OCOP outlets and the append-only stock ledger."""


def init_app(app):
    """Register the stock tables (locations, stock levels, the ledger), the ledger's reasons and the kinds of
    location in words."""
    from shop.inventory import models  # (the tables, for SQLAlchemy and Alembic)

    app.context_processor(lambda: {"movement_reason": models.REASON_LABELS, "location_kind": models.KIND_LABELS})
