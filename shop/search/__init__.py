"""Product search: a Whoosh index (or PostgreSQL full-text) that answers "which products match, best first".

The database then decides what is shown: the matches are joined to sellable(today)
with the listing's filters (shop/catalog/listing.py), so a stale index can
never show an expired or revoked product.
"""


def init_app(app):
    """Register the search tables, `flask search`, the index sync that follows every commit, and give the
    product listing its search (the catalog asks through app.extensions, never importing search)."""
    from shop.catalog.listing import search_with
    from shop.search import cli, models, sync  # noqa: F401  (models: the tables, for SQLAlchemy and Alembic)
    from shop.search.service import find_matches

    app.cli.add_command(cli.search)
    sync.follow_commits()
    search_with(app, find_matches)
