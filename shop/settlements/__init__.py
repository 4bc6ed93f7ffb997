"""Consignment settlement (quyết toán ký gửi) between a producer and an OCOP outlet, and the outlet's commission."""


def init_app(app):
    """Register the settlement and commission tables, and the settlement tables' headings for the pages."""
    from shop.settlements import models  # noqa: F401 (the tables, for SQLAlchemy and Alembic)
    from shop.settlements.sheets import OPEN_HEADINGS, PAID_HEADINGS

    app.context_processor(lambda: {"settlement_headings": OPEN_HEADINGS, "paid_settlement_headings": PAID_HEADINGS})
