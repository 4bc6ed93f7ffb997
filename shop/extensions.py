"""Flask extensions, created unbound and initialised in create_app."""
from select import POLLIN, poll

from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from psycopg import Error as DriverError
from psycopg.pq import TransactionStatus
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
# Only what guards accounts is limited (login, registration, password reset): never browsing or
# checkout, since many Vietnamese mobile users share one carrier address.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, its signing serializer built once per key rather than twice a request
    (reading the cookie, writing it): ~0.04 ms each, on every page, a cached one too. One per app."""

    def __init__(self):
        self.signing = {}  # (secret key, fallbacks): serializer; only the latest kept

    def get_signing_serializer(self, app):
        """The serializer for `app`'s current secret key and fallbacks (None without a key)."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self.signing:
            self.signing = {keys: super().get_signing_serializer(app)}
        return self.signing[keys]


def one_of(column: str, values) -> str:
    """SQL for a CHECK constraint that keeps `column` within `values`."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


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
    """
    driver = type(dbapi_connection).__module__
    cursor = dbapi_connection.cursor()
    if driver == "sqlite3":
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute(DURABLE)
    elif driver.startswith("psycopg"):
        cursor.execute("SET random_page_cost = 1.1")
        dbapi_connection.commit()  # a SET inside a transaction the pool rolls back would not stay
    cursor.close()


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
