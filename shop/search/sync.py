"""Keep the search documents in step with the database.

A flush records which products' documents may have changed (a product itself,
one whose certificate changed, or every product of a changed producer). With Whoosh the commit then re-reads and
re-indexes them, and a rollback forgets them, so a failed commit leaves the
index alone. With PostgreSQL the documents are rewritten at the flush, in the
same transaction, and commit or roll back with it.
Bulk SQL statements bypass this: run `flask search reindex` after them.
"""
import logging

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from whoosh.index import LockError

from shop.catalog.cache import touch_catalog_version
from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.clock import today
from shop.extensions import db
from shop.search.documents import product_documents
from shop.search.postgres import PostgresSearch
from shop.search.whoosh_index import WRITE_WAIT_SECONDS, SearchUnavailable
from shop.sellers.models import Seller

log = logging.getLogger(__name__)
PENDING = "search_pending"


@event.listens_for(Session, "after_flush")
def _remember_changes(session, _flush_context):
    touched = (*session.new, *session.dirty, *session.deleted)
    products = {obj.id for obj in touched if isinstance(obj, Product)}
    products |= {obj.product_id for obj in touched if isinstance(obj, Certificate)}
    sellers = {obj.id for obj in touched if isinstance(obj, Seller)}
    if not has_app_context() or not (products or sellers):
        return
    if current_app.config["SEARCH_BACKEND"] == "postgres":  # deleted products cascade out of product_search
        PostgresSearch.index_products(session.connection(), today(), products, sellers)
        return
    pending = session.info.setdefault(PENDING, {"products": set(), "sellers": set()})
    pending["products"] |= products
    pending["sellers"] |= sellers


@event.listens_for(Session, "after_commit")
def _index_changes(session):
    pending = session.info.pop(PENDING, None)
    if not pending or not has_app_context() or not any(pending.values()):
        return
    from shop.search.service import search_index  # the service needs the app; imported late

    with db.engine.connect() as connection:  # re-read at commit: what exists now is what counts
        ids = pending["products"] | set(connection.scalars(
            select(Product.id).where(Product.seller_id.in_(pending["sellers"]))))
        rows = list(product_documents(today(), ids, connection))
    try:
        search_index().update(rows, removed=ids - {row.product_id for row in rows})
        touch_catalog_version()
    except SearchUnavailable:
        log.info("no search index yet; `flask search reindex` will include these products")
    except LockError:  # the change is committed; only its words wait for the next reindex
        log.error("search index busy for %ss; products %s not reindexed", WRITE_WAIT_SECONDS, sorted(ids))


@event.listens_for(Session, "after_transaction_end")
def _forget_changes(session, transaction):
    """The outermost transaction ended without a commit (a commit has taken the list already).

    A savepoint rolled back inside it keeps the list: the ids are re-read at commit anyway.
    """
    if transaction.parent is None:
        session.info.pop(PENDING, None)
