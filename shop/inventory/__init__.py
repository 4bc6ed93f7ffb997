"""Stock: producers' warehouses, OCOP outlets and the append-only stock ledger."""


def init_app(app):
    """Register the stock tables: locations, stock levels and the ledger."""
    from shop.inventory import models  # noqa: F401  (the tables, for SQLAlchemy and Alembic)
