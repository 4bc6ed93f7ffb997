"""Product search: a Whoosh index (or PostgreSQL full-text) that answers "which products match, best first".

The database then decides what is shown: the matches are joined to sellable(today)
with the listing's filters (shop/catalog/listing.py), so a stale index can
never show an expired or revoked product.
"""
from shop.catalog.listing import search_with
from shop.search.service import find_matches


def init_app(app) -> None:
    """Give the app's product listing its search: the catalog asks through app.extensions, never importing search."""
    search_with(app, find_matches)
