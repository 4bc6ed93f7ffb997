"""Keep the search documents in step with the database.

A flush records which products' documents may have changed: a product itself,
one whose certificate changed, or every product of a changed producer.

With PostgreSQL their rows are rewritten there and then, in the same transaction.

With Whoosh their ids go into `search_backlog`, in the same transaction: a
rollback takes them back with the change, a commit keeps them. After a commit,
`catch_up` indexes whatever the backlog holds and only then takes it off, so a
busy index (another process rebuilding it) or a crash in between delays a
change until the next commit or `ocop expiry-check` — it is never lost, and a
product that became sellable is never left out of search for good.

Bulk SQL statements bypass this: run `flask search reindex` after them.
"""
import logging

from flask import current_app, has_app_context
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session
from whoosh.index import LockError

from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.clock import today
from shop.extensions import db
from shop.search.backends import search_index, uses_postgres
from shop.search.documents import product_documents
from shop.search.models import SearchBacklog
from shop.search.postgres import PostgresSearch
from shop.search.whoosh_index import WRITE_WAIT_SECONDS, SearchUnavailable
from shop.sellers.models import Seller
from shop.signals import search_index_changed

log = logging.getLogger(__name__)
BACKLOG_WRITTEN = "search_backlog_written"
CATCH_UP_BATCH = 2000  # entries indexed per commit: a long backlog never holds one request for long


def _record_changes(session, _flush_context):
    touched = (*session.new, *session.dirty, *session.deleted)
    products = {obj.id for obj in touched if isinstance(obj, Product)}
    products |= {obj.product_id for obj in touched if isinstance(obj, Certificate)}
    sellers = {obj.id for obj in touched if isinstance(obj, Seller)}
    if not has_app_context() or not (products or sellers):
        return
    connection = session.connection()
    if uses_postgres():  # deleted products cascade out of product_search
        PostgresSearch.index_products(connection, today(), products, sellers)
        return
    if sellers:
        products |= set(connection.scalars(select(Product.id).where(Product.seller_id.in_(sellers))))
    if not products:
        return
    connection.execute(insert(SearchBacklog), [{"product_id": product_id} for product_id in sorted(products)])
    session.info[BACKLOG_WRITTEN] = True


def _index_after_commit(session):
    if session.in_nested_transaction() or not session.info.pop(BACKLOG_WRITTEN, False) or not has_app_context():
        return  # (a released savepoint is not the commit)
    try:
        catch_up()
    except Exception:  # noqa: BLE001 - the change is committed and its entry kept: never fail the caller
        log.exception("search index not brought up to date; the changes wait in the backlog")


def changes_of(product_ids: set[int], connection, day) -> tuple[list, set[int]]:
    """The document rows of these products as of `day`, and which of them to delete (gone, or not indexable)."""
    rows = list(product_documents(day, product_ids, connection))
    return rows, product_ids - {row.product_id for row in rows}


def catch_up() -> int:
    """Index (up to CATCH_UP_BATCH of) the products in the search backlog, then take them off it; how many."""
    with db.engine.connect() as connection:
        if connection.scalar(select(SearchBacklog.id).limit(1)) is None:
            return 0
    taken = []

    def read_changes():
        with db.engine.connect() as connection:  # read under the index's write lock: see WhooshIndex.write
            entries = connection.execute(select(SearchBacklog.id, SearchBacklog.product_id)
                                         .order_by(SearchBacklog.id).limit(CATCH_UP_BATCH)).all()
            taken.extend(entry_id for entry_id, _ in entries)
            return changes_of({product_id for _, product_id in entries}, connection, today())

    try:
        search_index().write(read_changes, then=lambda: take_off_backlog(taken))  # before the next writer reads
    except SearchUnavailable:
        log.info("no search index yet; the backlog waits for `flask search reindex`")
        return 0
    except LockError:
        log.error("search index busy for %ss; the changes wait in the backlog for the next commit",
                  WRITE_WAIT_SECONDS)
        return 0
    index_changed()
    return len(taken)


def index_changed() -> None:
    """Tell whoever cached pages computed with the index (the catalog cache) that its answers changed."""
    search_index_changed.send(current_app._get_current_object())


def take_off_backlog(entry_ids: list[int]) -> None:
    """Delete these backlog entries: the index now holds what they asked for."""
    if entry_ids:
        with db.engine.begin() as connection:
            connection.execute(delete(SearchBacklog).where(SearchBacklog.id.in_(entry_ids)))


def follow_commits() -> None:
    """Listen to every session's flushes and commits (once: SQLAlchemy's Session events are process-wide)."""
    for name, listener in (("after_flush", _record_changes), ("after_commit", _index_after_commit)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
