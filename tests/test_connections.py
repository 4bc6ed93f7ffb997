"""Database connections: SQLite's settings and durability; on PostgreSQL, prepared statements kept, pooled
connections checked without a ping, and cursors that describe their columns lazily."""
from select import POLLIN, poll

import psycopg
import pytest
from sqlalchemy import select, text

from shop.catalog.models import Product
from shop.connections import DescribingLazily, commit_without_waiting_for_the_disk
from shop.extensions import db
from tests.factories import make_product


def test_each_database_connection_gets_the_shops_settings():
    """SQLite enforces foreign keys; PostgreSQL is told that rows fetched by key are cheap, and keeps its plans."""
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "postgresql":
            assert connection.scalar(text("SHOW random_page_cost")) == "1.1"
            assert connection.scalar(text("SHOW plan_cache_mode")) == "auto"  # search plans afresh: test_postgres
        else:
            assert connection.scalar(text("PRAGMA foreign_keys")) == 1
            assert connection.scalar(text("PRAGMA journal_mode")) == "wal"


def _synchronous(raw) -> int:
    return raw.execute("PRAGMA synchronous").fetchone()[0]


def test_sqlite_commits_wait_for_the_disk_unless_let_off_and_the_pool_hands_connections_out_durable():
    """SQLite: a commit waits for the disk (FULL), except in a transaction let off before its first write (NORMAL);
    the connection is durable again once back in the pool, and a transaction already writing is never let off."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL commits as ever: only SQLite lets a cart off")
    raw = db.session.connection().connection.dbapi_connection
    assert _synchronous(raw) == 2
    commit_without_waiting_for_the_disk()
    assert _synchronous(raw) == 1
    slug = make_product().slug
    db.session.commit()  # the session gives its connection back to the pool
    assert _synchronous(raw) == 2

    db.session.execute(text("UPDATE product SET name = 'Đổi rồi' WHERE slug = :slug"), {"slug": slug})
    raw = db.session.connection().connection.dbapi_connection
    commit_without_waiting_for_the_disk()  # too late: this transaction already writes
    assert _synchronous(raw) == 2
    db.session.commit()
    assert db.session.scalar(select(Product.name).where(Product.slug == slug)) == "Đổi rồi"


def _prepared_on(connection) -> set[str]:
    return set(connection.scalars(text("SELECT statement FROM pg_prepared_statements")))


def test_postgresql_keeps_prepared_statements_across_transactions_that_only_read():
    """A request that only reads ends its transaction with COMMIT, so psycopg keeps what it prepared (a ROLLBACK
    makes it forget every prepared statement); a transaction that wrote is still rolled back."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements are PostgreSQL's")
    slug = make_product().slug
    db.session.commit()
    db.engine.dispose()  # one connection from here on, with nothing prepared yet
    for _ in range(7):  # psycopg prepares a statement at its sixth run
        assert db.session.scalar(select(Product.name).where(Product.slug == slug)) == "Chè Tân Cương"
        db.session.remove()  # as at the end of a request: the session closes, its transaction ends
    with db.engine.connect() as connection:
        assert any("FROM product" in statement for statement in _prepared_on(connection))

    db.session.execute(text("UPDATE product SET name = 'Đổi rồi' WHERE slug = :slug"), {"slug": slug})
    db.session.remove()
    assert db.session.scalar(select(Product.name).where(Product.slug == slug)) == "Chè Tân Cương"
    db.session.remove()
    with db.engine.connect() as connection:
        assert _prepared_on(connection) == set()  # the write's rollback made psycopg forget, as it always did


def test_a_lost_connection_is_rolled_back_as_ever():
    """A transaction whose connection was lost (invalidated) is left to SQLAlchemy's rollback, not committed."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements are PostgreSQL's")
    with db.engine.connect() as connection:
        assert connection.scalar(text("SELECT 1")) == 1
        connection.invalidate()
        connection.rollback()
        assert connection.invalidated


def _readable(dbapi_connection, seconds: float) -> bool:
    waiting = poll()
    waiting.register(dbapi_connection.fileno(), POLLIN)
    return bool(waiting.poll(seconds * 1000))


def test_a_pooled_connection_is_used_without_a_ping_and_replaced_once_its_server_dropped_it(monkeypatch):
    """No SELECT 1 at each checkout from the pool (SQLAlchemy's pre-ping); a connection whose backend was
    terminated while it waited in the pool is replaced before use, so its next user meets no error."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server that drops connections is PostgreSQL's")
    pings = []
    monkeypatch.setattr(db.engine.dialect, "do_ping", pings.append)
    db.engine.dispose()
    try:
        with db.engine.connect() as connection:
            backend = connection.scalar(text("SELECT pg_backend_pid()"))
            pooled = connection.connection.dbapi_connection
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT pg_backend_pid()")) == backend  # the same connection, as it was

        with psycopg.connect(db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
                             autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (backend,))
        assert _readable(pooled, seconds=5)  # the server's goodbye has reached the pooled socket
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT pg_backend_pid()")) != backend
        assert pings == []
    finally:
        db.engine.dispose()


def test_a_pooled_connection_closed_on_the_shops_side_is_replaced_too():
    """A connection psycopg closed itself has no socket to look at: it is replaced, not an error."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server that drops connections is PostgreSQL's")
    db.engine.dispose()
    try:
        with db.engine.connect() as connection:
            backend = connection.scalar(text("SELECT pg_backend_pid()"))
            pooled = connection.connection.dbapi_connection
        pooled.close()  # as psycopg does with a connection it found broken
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT pg_backend_pid()")) != backend
    finally:
        db.engine.dispose()


def test_postgresql_cursors_describe_their_columns_only_when_read(monkeypatch):
    """A statement SQLAlchemy compiled before makes no Column object (it knows its columns already); a new one
    still reads its columns' names, and a statement without rows still has no description."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's cursors are PostgreSQL's")
    slug = make_product().slug
    described = []
    monkeypatch.setattr(psycopg.Column, "__init__", _counting(psycopg.Column.__init__, described))
    query = select(Product.id, Product.name).where(Product.slug == slug)
    assert db.session.execute(query).one().name == "Chè Tân Cương"
    described.clear()
    assert db.session.execute(query).one().name == "Chè Tân Cương"
    assert described == []  # the second run: nothing described
    assert db.session.execute(text("SELECT 7 AS seven, 'bảy' AS word")).mappings().one() == {"seven": 7,
                                                                                          "word": "bảy"}
    assert len(described) == 2  # a statement new to SQLAlchemy: its two columns, read by name
    assert not db.session.execute(text("UPDATE product SET name = name")).returns_rows


def _counting(init, calls: list):
    def counted(self, *args):
        calls.append(args)
        init(self, *args)
    return counted


def test_a_description_belongs_to_its_own_statements_result():
    """Columns are described from the cursor's result of that statement, never from a later one's."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's cursors are PostgreSQL's")
    with db.engine.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()
        assert isinstance(cursor, DescribingLazily)
        cursor.execute("SELECT 1 AS one, 2 AS two")
        early = cursor.description
        assert len(early) == 2 and [column.name for column in early] == ["one", "two"]
        cursor.execute("SELECT 3 AS three")
        late = cursor.description
        cursor.execute("SELECT 4 AS four")
        with pytest.raises(RuntimeError):
            late[0]
        assert [column.name for column in early] == ["one", "two"]  # read before: kept
        assert cursor.description[0].name == "four"
