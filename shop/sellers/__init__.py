"""Producers (chủ thể OCOP) that sell in the shop, and the people who run them."""


def init_app(app):
    """Register the producer tables: producers, members, invitations."""
    from shop.sellers import models  # noqa: F401  (the tables, for SQLAlchemy and Alembic)
