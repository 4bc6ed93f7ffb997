"""Stock: producers' warehouses, OCOP outlets and the append-only stock ledger."""


def init_app(app):
    """Register the stock tables (locations, stock levels, the ledger) and the labels of a location's kind."""
    from shop.inventory import models  # (the tables, for SQLAlchemy and Alembic)

    app.context_processor(lambda: {"location_kind": models.KIND_LABELS})
