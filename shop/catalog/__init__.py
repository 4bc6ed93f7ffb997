"""The storefront catalog: products, OCOP product groups and the sellable() rule."""


def init_app(app):
    """Register the catalog's tables: products, groups, and the catalog version the page cache follows."""
    from shop.catalog import cache, models  # noqa: F401  (their tables, for SQLAlchemy and Alembic)
