"""Consignment settlement (quyết toán ký gửi) between a producer and an OCOP outlet, and the outlet's commission."""


def init_app(app):
    """Register the settlement and commission tables."""
    from shop.settlements import models  # noqa: F401 (the tables, for SQLAlchemy and Alembic)
