"""Which search backend this app uses (SEARCH_BACKEND), decided here only.

The service (searches, rebuilds) and the sync (documents kept in step at each
flush and commit) both ask this module, so neither imports the other to know.
"""
from flask import current_app

from shop.search.postgres import PostgresSearch
from shop.search.whoosh_index import WhooshIndex


def uses_postgres() -> bool:
    """Does this app search PostgreSQL's full-text rows (SEARCH_BACKEND=postgres) rather than a Whoosh index?"""
    return current_app.config["SEARCH_BACKEND"] == "postgres"


def search_index() -> WhooshIndex | PostgresSearch:
    """This app's search backend: PostgreSQL full-text, or the Whoosh index in SEARCH_INDEX_DIR."""
    if uses_postgres():
        return PostgresSearch()
    folder = current_app.config["SEARCH_INDEX_DIR"]
    current = current_app.extensions.get("search_index")
    if current is None or current.folder != folder:
        current = current_app.extensions["search_index"] = WhooshIndex(folder)
    return current
