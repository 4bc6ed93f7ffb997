"""Rows written with one Core INSERT instead of the ORM's unit of work, handed back as persistent ORM objects.

The purchase's own writes (a guest's first cart and its line, an order, the ledger row of a sale) cost a fraction
of a flush this way. The object returned reads as a loaded one (what was not written loads on access) and expires
at commit like any other; if its transaction (or savepoint) is rolled back, it is not taken out of the session as a
flushed new object would be, but expired: reading it then raises ObjectDeletedError, and a later row given its id
replaces it. The INSERT runs on the session's connection, in its transaction, without the session's
ORM execution around it. A model's attributes must carry their columns' names.
"""
from functools import cache

from sqlalchemy import insert, inspect
from sqlalchemy.orm import make_transient_to_detached

from shop.extensions import db


@cache
def _insert_returning(table):
    """INSERT INTO the table RETURNING every column (the defaults the database chose too); built once per table."""
    return insert(table).returning(*table.c)


def written(model, values: dict, **known):
    """Insert one row of `model` (what the session holds pending is flushed first, so the row may refer to it) and
    return it as a persistent instance; `known` gives relationships already known (a new cart's lines: none)."""
    db.session.flush()
    row = db.session.connection().execute(_insert_returning(model.__table__), values).one()
    instance = model(**row._mapping, **known)
    make_transient_to_detached(instance)
    stale = db.session.identity_map.get(inspect(instance).key)
    if stale is not None:  # a row of this id written earlier and rolled back (SQLite gives its id again)
        db.session.expunge(stale)
    db.session.add(instance)
    return instance
