"""The shop's database connections: how each is set up, and what it is spared.

SQLite: foreign keys, WAL, a busy timeout and commits that wait for the disk (a cart may be let off).
PostgreSQL (psycopg): a planner told the catalog is in memory, statements kept prepared across transactions that
only read, pooled connections used without a ping unless their server dropped them, and a cursor that describes
its columns only when asked.
"""
from collections.abc import Sequence
from select import POLLIN, poll

import psycopg
from psycopg import Error as DriverError
from psycopg import pq
from psycopg.pq import TransactionStatus
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

from shop.extensions import db

DURABLE = "PRAGMA synchronous = FULL"  # SQLite: a commit returns once the disk holds it (the WAL synced)
NOT_WAITING = "commits_without_waiting"  # in a pooled SQLite connection's info while it is let off `DURABLE`


@event.listens_for(Engine, "connect")
def _connection_settings(dbapi_connection, _record):
    """Settings for each new database connection.

    SQLite: enforce foreign keys, let readers and one writer work at once (WAL), and have every commit wait until
    the disk holds it (`DURABLE`; a cart may be let off: `commit_without_waiting_for_the_disk`).
    PostgreSQL: the catalog fits in the server's memory, so a row fetched by key costs
    about as much as one read in order; with the default random_page_cost (4, for
    spinning disks) the planner scans 100,000 products to join a search's 1,000 matches.
    Other statements keep PostgreSQL's plan cache: psycopg prepares a statement run five
    times (and keeps it: `keep_prepared_statements`), and planning the shop's statements
    afresh at each run (with sellable() and the units in subqueries) cost more than running
    them. Search plans each of its statements for its own words (shop/search/postgres.py).
    Its cursors describe their columns lazily (`DescribingLazily`).
    """
    driver = type(dbapi_connection).__module__
    cursor = dbapi_connection.cursor()
    if driver == "sqlite3":
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute(DURABLE)
    elif driver.startswith("psycopg"):
        dbapi_connection.cursor_factory = DescribingLazily
        cursor.execute("SET random_page_cost = 1.1")
        dbapi_connection.commit()  # a SET inside a transaction the pool rolls back would not stay
    cursor.close()


_ROWS = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.SINGLE_TUPLE, pq.ExecStatus.TUPLES_CHUNK)


class DescribingLazily(psycopg.Cursor):
    """psycopg's cursor, whose `description` makes its Column objects only when one is read.

    SQLAlchemy reads a statement's description after every execution, to learn whether it returned rows; for a
    statement it has compiled before it knows the columns already and reads nothing more. psycopg made a Column
    (name, type, sizes) for every column each time: some 200 a purchase, about 5 % of the shop's CPU on
    PostgreSQL.
    """

    @property
    def description(self):
        result = self.pgresult
        if result is None or not (result.nfields or result.status in _ROWS):
            return None  # as psycopg: the statement returned no rows
        return _Description(self, result)


class _Description(Sequence):
    """The columns of one result, as psycopg describes them, made at the first look."""

    __slots__ = ("cursor", "result", "columns")

    def __init__(self, cursor, result):
        self.cursor, self.result, self.columns = cursor, result, None

    def __len__(self) -> int:
        return self.result.nfields

    def __getitem__(self, index):
        if self.columns is None:
            if self.cursor.pgresult is not self.result:  # psycopg reads the cursor's current result
                raise RuntimeError("a description is read before the cursor runs its next statement")
            self.columns = psycopg.Cursor.description.fget(self.cursor)
        return self.columns[index]


def commit_without_waiting_for_the_disk() -> None:
    """On SQLite, let the transaction this request is about to write commit without waiting for the disk.

    For what a person simply does again (a cart), never for orders, stock or money. A power cut or a crash of the
    operating system may then lose that transaction, whole: in WAL mode SQLite never keeps half of one, a crash of
    the shop alone loses nothing, and the next durable commit takes it to the disk with its own. The cart's commit
    skips an fsync (about 0.4 ms here), and so holds SQLite's one write lock, which every other buyer's order
    waits for, half as long. Call it before the transaction's first write: SQLite keeps a transaction that is
    already writing durable. PostgreSQL commits as ever: its counterpart (`SET LOCAL synchronous_commit`) is one
    round trip more, and round trips are what its checkout is short of.
    """
    if db.engine.dialect.name != "sqlite":
        return
    pooled = db.session.connection().connection
    if not pooled.dbapi_connection.in_transaction:
        pooled.dbapi_connection.execute("PRAGMA synchronous = NORMAL")
        pooled.info[NOT_WAITING] = True


@event.listens_for(Engine, "checkin")
def _durable_again(dbapi_connection, record) -> None:
    """A connection back in the pool waits for the disk at every commit again, whoever takes it next."""
    if record.info.pop(NOT_WAITING, False) and dbapi_connection is not None:
        dbapi_connection.execute(DURABLE)


def keep_prepared_statements(engine) -> None:
    """On PostgreSQL, end a transaction that only read with COMMIT where SQLAlchemy would roll it back.

    psycopg prepares a statement once it has run five times on a connection, and forgets every prepared
    statement at each ROLLBACK. A page that only reads ends its transaction with one (the session closes, the
    pool resets the connection), so the shop's statements were parsed and planned afresh at every request:
    planning a product's sellable() and units took PostgreSQL longer than running them. For a transaction that
    ran nothing but SELECTs, COMMIT and ROLLBACK are the same; one that wrote anything, or failed, is rolled back.
    """
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _reading)
        event.listen(engine, "before_cursor_execute", _unless_writing)
        event.listen(engine, "rollback", _commit_what_only_read)
        event.listen(engine, "commit", lambda connection: connection.info.pop("only_read", None))


def _reading(connection) -> None:
    connection.info["only_read"] = True  # until anything but a SELECT runs; the flag ends with the transaction


def _unless_writing(connection, _cursor, statement: str, *_args) -> None:
    if not statement.lstrip().startswith("SELECT"):  # a write, or anything else: rolled back as ever
        connection.info["only_read"] = False


def _commit_what_only_read(connection) -> None:
    """Before SQLAlchemy's rollback: commit a transaction that only read (the rollback then finds none)."""
    if connection.invalidated or not connection.info.pop("only_read", False):
        return  # a connection lost meanwhile has no info to read: SQLAlchemy's rollback deals with it
    driver = connection.connection.dbapi_connection
    if driver.info.transaction_status == TransactionStatus.INTRANS:
        try:
            driver.commit()
        except DriverError:  # a connection lost meanwhile: the rollback that follows meets it, as it would have
            pass


def replace_dropped_connections(engine) -> None:
    """On PostgreSQL, hand out a pooled connection as it is, unless its server has dropped it.

    SQLAlchemy's `pool_pre_ping` asks the server (SELECT 1) at every checkout from the pool: a round trip four or
    five times a purchase, some 70 µs here and 30 µs in PostgreSQL each time, about 3 % of a purchase. A server
    that drops a connection (restarted, the backend terminated, a proxy cut) closes its socket, often after a last
    notice, and nothing else is ever sent to a connection waiting in the pool: so one whose socket has something
    to read is replaced before use (the pool connects afresh), and the others are used without asking. A server
    gone without closing anything (its host lost) is found by the first statement instead, which answers 503 once.
    """
    if engine.dialect.name == "postgresql":
        event.listen(engine, "checkout", _replace_if_dropped)


def has_input(fileno: int) -> bool:
    """Has the socket `fileno` something to read, data or its end, at once (no waiting)?"""
    waiting = poll()
    waiting.register(fileno, POLLIN)
    return bool(waiting.poll(0))


def _replace_if_dropped(dbapi_connection, _record, _proxy) -> None:
    try:
        dropped = has_input(dbapi_connection.fileno())
    except DriverError:  # psycopg has closed it already: no socket left
        dropped = True
    if dropped:
        raise DisconnectionError("this pooled connection was dropped")  # the pool connects afresh
