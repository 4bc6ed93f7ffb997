"""Fixtures: one migrated database per test run (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), emptied after every test, and small factories."""
import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import date

import pytest
from flask import g
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from shop import create_app
from shop.extensions import db, limiter
from shop.search.service import reindex

TODAY = date(2026, 6, 15)


@contextmanager
def new_database(folder):
    """A new empty database: on the TEST_DATABASE_URL server, or a SQLite file in `folder`."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{folder / f'shop-{uuid.uuid4().hex[:6]}.db'}"
        return
    name = f"ocop_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of this run's own: a new PostgreSQL database, or a SQLite file."""
    with new_database(tmp_path_factory.mktemp("db")) as url:
        yield url


class OneRequestClient(FlaskClient):
    """A test client whose requests each start with an empty `g`, as in a server.

    Tests hold one app context open (to use the database between requests), and
    Flask reuses an open app context for a request, so without this the signed-in
    user and CSRF token cached in `g` would pass from one client to the next.
    """

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The shop on the test database, migrated with the real Alembic migrations, with an empty index."""
    app = create_app({
        "SEARCH_INDEX_DIR": str(tmp_path_factory.mktemp("search-index")),
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SHOP_TODAY": TODAY,
        "SECRET_KEY": "test",
        "WTF_CSRF_ENABLED": True,
        "SESSION_COOKIE_SECURE": False,
        "SHOP_URL": "http://localhost",  # the test client's host
        "TRUSTED_HOSTS": ["localhost"],
    })
    app.test_client_class = OneRequestClient
    app.instance_path = str(tmp_path_factory.mktemp("instance"))  # uploads land here, not in the checkout
    with app.app_context():
        upgrade()
        reindex()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _context(app):
    """Each test runs in an app context, may change settings, and leaves every table empty behind it."""
    settings = dict(app.config)
    with app.app_context():
        yield
        app.config.update(settings)
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name != "catalog_state":  # one row that lives as long as the database
                db.session.execute(table.delete())
        db.session.commit()
        reindex()  # empty again: ids are reused once the tables are empty
        db.session.remove()
        limiter.reset()  # each test starts with no login attempts counted
        for folder in ("media", "private", "imports"):  # and with no uploaded files
            shutil.rmtree(os.path.join(app.instance_path, folder), ignore_errors=True)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Debian's Chromium (installed by .ci/run), headless; Playwright never downloads a browser."""
    return {"executable_path": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--no-first-run", "--disable-component-update", "--disable-sync"]}


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def count_queries():
    """Counts SQL statements run inside a `with count_queries() as counted:` block."""
    class Counter:
        def __init__(self):
            self.statements = []

        def __enter__(self):
            event.listen(db.engine, "before_cursor_execute", self._record)
            return self

        def __exit__(self, *exc):
            event.remove(db.engine, "before_cursor_execute", self._record)

        def _record(self, _conn, _cursor, statement, *_args):
            self.statements.append(statement)

    return Counter
