"""A cache of rendered catalog pieces that is never stale.

Every change to products, certificates, producers or groups bumps one
`catalog_state.version` number *in the same transaction* (session events
below). A cached piece is keyed by that version and by today's date, so a
reader sees a cached piece only if nothing that sellable() depends on has
changed since it was computed — a revocation empties the cache of every
worker at its next request. Each worker keeps its own small LRU cache.
"""
from collections import OrderedDict
from threading import Lock

from flask import current_app
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from shop.extensions import db

CATALOG_TABLES = {"product", "certificate", "seller", "product_group"}
ENTRIES = 512


class CatalogState(db.Model):
    """One row: the catalog's version, bumped by every change that can alter what is sellable."""

    __tablename__ = "catalog_state"
    id = db.Column(db.Integer, primary_key=True)
    version = db.Column(db.BigInteger, nullable=False, default=0)


class LRUCache:
    """A small thread-safe least-recently-used mapping."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value):
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def cached(kind: str, key: tuple, compute):
    """`compute()`, or its result from the last time with the same key and catalog version."""
    version = db.session.scalar(select(CatalogState.version))
    if version is None:  # no state row: nothing to validate against, so never reuse
        return compute()
    cache = current_app.extensions.setdefault("catalog_cache", LRUCache(ENTRIES))
    full_key = (kind, version, *key)
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.put(full_key, value)
    return value


def _bump(session_or_connection) -> None:
    session_or_connection.execute(update(CatalogState).values(version=CatalogState.version + 1))


@event.listens_for(Session, "after_flush")
def _bump_on_catalog_change(session, _flush_context):
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(getattr(obj, "__tablename__", None) in CATALOG_TABLES for obj in changed):
        _bump(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_statement(state):
    """Bulk INSERT/UPDATE/DELETE statements on catalog tables bypass flushes; bump for them too."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in CATALOG_TABLES:
            _bump(state.session.connection())
