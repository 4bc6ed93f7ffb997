"""The storefront catalog: products, OCOP product groups and the sellable() rule."""


def init_app(app):
    """Register the catalog's tables: products, groups, and the catalog version the page cache follows; the
    cache's `live_part` and `layout_part` for templates."""
    from shop.catalog import cache, models  # noqa: F401  (their tables, for SQLAlchemy and Alembic)
    app.add_template_global(cache.live_part)
    app.add_template_global(cache.layout_part)
