"""Error answers (shop/errors.py): which database errors are an outage (503, try again) and which stay a 500,
and the headers of an HTTP error kept (a 405 says what is allowed)."""
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from shop.errors import is_outage
from shop.extensions import db


def _raised(connection, statement: str) -> SQLAlchemyError:
    with pytest.raises(SQLAlchemyError) as raised:
        connection.execute(text(statement))
    return raised.value


def test_bad_sql_and_broken_constraints_are_not_an_outage():
    missing_table = _raised(db.session, "SELECT * FROM no_such_table")  # SQLite calls it an OperationalError
    db.session.rollback()
    duplicate = _raised(db.session, "INSERT INTO catalog_state (id, version) VALUES (1, 0)")
    db.session.rollback()
    assert not is_outage(missing_table) and not is_outage(duplicate)


def test_a_statement_timeout_on_postgresql_is_not_an_outage():
    """psycopg calls it an OperationalError, as it does a lost connection: it is a slow query to fix, not a 503."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's statement timeout needs TEST_DATABASE_URL (CI sets it)")
    db.session.execute(text("SET LOCAL statement_timeout = 1"))
    timed_out = _raised(db.session, "SELECT pg_sleep(1)")
    db.session.rollback()
    assert timed_out.orig.sqlstate == "57014" and not is_outage(timed_out)


def test_a_locked_sqlite_database_is_an_outage(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'locked.db'}")
    with engine.connect() as writer, engine.connect() as other:
        other.exec_driver_sql("PRAGMA busy_timeout = 0")  # give up at once rather than after the shop's 10 s
        writer.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        writer.commit()
        writer.exec_driver_sql("BEGIN EXCLUSIVE")
        locked = _raised(other, "INSERT INTO t VALUES (1)")
    engine.dispose()
    assert "database is locked" in str(locked) and is_outage(locked)


@pytest.mark.parametrize("path, allowed", [("/products", {"GET", "HEAD", "OPTIONS"}),
                                           ("/cart/add", {"POST", "OPTIONS"})])
def test_a_method_not_allowed_page_keeps_its_allow_header(client, path, allowed):
    answer = client.put(path)
    assert answer.status_code == 405 and "Phương thức không được hỗ trợ." in answer.text
    assert set(answer.headers["Allow"].split(", ")) == allowed
    assert answer.mimetype == "text/html"


def test_a_method_not_allowed_in_the_api_keeps_its_allow_header(client):
    answer = client.post("/api/v1/products")
    assert answer.status_code == 405 and answer.get_json()["error"]["code"] == "method_not_allowed"
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
