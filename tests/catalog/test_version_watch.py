"""PostgreSQL: each worker hears of a new catalog version and of stock changes (LISTEN/NOTIFY, migration 0028), so a
cached page's hit costs no query; writes made elsewhere show at the next request, and a lost listener falls back to
querying."""
import os
import re
import select
import time

import psycopg
import pytest
from flask import current_app
from sqlalchemy import create_engine

from shop.catalog import version_watch
from shop.extensions import db
from shop.inventory.services import take_stock
from tests.factories import make_outlet, make_product
from tests.storefront.test_catalog import card_names
from tests.support.tcp_proxy import cuttable_proxy

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="LISTEN/NOTIFY is PostgreSQL's")


@pytest.fixture(autouse=True)
def _listening_again():
    """A test that lost the listening connection leaves the next one free to listen at once."""
    yield
    current_app.extensions["catalog_watch"].retry_at = 0.0


def listener() -> version_watch.CatalogWatch:
    return current_app.extensions["catalog_watch"]


def elsewhere(statement: str, *args) -> None:
    """Run `statement` on a connection of its own, as psql or another host would (this process commits nothing),
    then wait until its notifications reached this process (the delivery window of docs/design.md §8)."""
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as other:
        other.execute(statement, args)
    select.select([listener().connection.fileno()], [], [], 5)


def ended(pid: int) -> bool:
    """Has the server process `pid` ended? Asked in a transaction of its own: a transaction keeps the first
    pg_stat_activity it read, so a loop inside one would wait for ever."""
    running = db.session.execute(db.text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first()
    db.session.commit()
    return running is None


def stock(page) -> str:
    return re.search(r'<p class="stock">([^<]*)</p>', page.text)[1]


def test_a_hit_costs_no_query_and_the_version_is_heard(client, count_queries):
    product = make_product(stock=10)
    make_outlet(stock=[(product, 6)])
    for path in ("/products", f"/products/{product.slug}"):
        client.get(path)
    with count_queries() as counted:
        listing, page = client.get("/products"), client.get(f"/products/{product.slug}")
    assert counted.statements == []
    assert card_names(listing.text) == ["Chè Tân Cương"]
    assert stock(page) == "Còn 10 sản phẩm" and "còn 6" in page.text
    heard = listener()
    assert heard.connection is not None and heard.memo
    with heard.connection.cursor() as cursor:  # what was heard is the row's version
        assert heard.version() == cursor.execute(version_watch.VERSION).fetchone()[0]


def test_a_revocation_made_through_another_connection_shows_at_the_next_request(client, count_queries):
    product = make_product()
    client.get(f"/products/{product.slug}")
    client.get("/products")
    elsewhere("UPDATE certificate SET status = 'revoked', revoked_on = '2026-06-15' WHERE product_id = %s",
              product.id)
    elsewhere("UPDATE product SET current_certificate_id = NULL WHERE id = %s", product.id)
    with count_queries() as counted:
        assert client.get(f"/products/{product.slug}").status_code == 404
    assert "catalog_state" not in " ".join(counted.statements)  # heard, not read
    assert card_names(client.get("/products").text) == []


def test_a_sale_made_through_another_connection_shows_at_the_next_request(client, count_queries):
    product = make_product(stock=20)
    path = f"/products/{product.slug}"
    assert stock(client.get(path)) == "Còn 20 sản phẩm"
    elsewhere("UPDATE stock_level SET on_hand = on_hand - 4 WHERE product_id = %s", product.id)
    with count_queries() as counted:
        assert stock(client.get(path)) == "Còn 16 sản phẩm"
    assert len(counted.statements) == 1  # the units and outlets, read again: the version was heard
    make_outlet(stock=[(product, 3)])
    assert "còn 3" in client.get(path).text
    elsewhere("UPDATE location SET name = 'Điểm bán Tràng Tiền' WHERE kind = 'sales_point'")
    assert "Điểm bán Tràng Tiền" in client.get(path).text


def test_a_lost_listener_falls_back_to_querying_then_listens_again(client, count_queries):
    product = make_product(stock=20)
    path = f"/products/{product.slug}"
    client.get(path)
    lost = listener().connection.info.backend_pid
    db.session.execute(db.text("SELECT pg_terminate_backend(:pid)"), {"pid": lost})
    db.session.commit()
    deadline = time.monotonic() + 10
    while not ended(lost):
        assert time.monotonic() < deadline, "the terminated backend did not end"
        time.sleep(0.01)
    listener().committed_here = False  # as if the write had been made elsewhere: the socket alone tells
    db.session.execute(db.text("UPDATE stock_level SET on_hand = 12 WHERE product_id = :id"), {"id": product.id})
    db.session.execute(db.text("UPDATE certificate SET status = 'revoked' WHERE product_id = :id"), {"id": product.id})
    db.session.execute(db.text("UPDATE product SET current_certificate_id = NULL WHERE id = :id"), {"id": product.id})
    db.session.commit()
    listener().committed_here = False
    with count_queries() as counted:
        assert client.get(path).status_code == 404
    assert "catalog_state" in counted.statements[0] and listener().connection is None  # read, not heard
    db.session.execute(db.text("UPDATE certificate SET status = 'verified' WHERE product_id = :id"), {"id": product.id})
    db.session.execute(db.text("UPDATE product SET current_certificate_id = (SELECT id FROM certificate "
                               "WHERE product_id = :id) WHERE id = :id"), {"id": product.id})
    db.session.commit()
    client.get(path)  # listens again
    assert listener().connection.info.backend_pid != lost
    with count_queries() as counted:
        assert stock(client.get(path)) == "Còn 12 sản phẩm"
    assert counted.statements == []


def test_a_line_cut_after_a_notification_is_found_lost_at_the_first_drain():
    """A notification, then the end of the connection without a word (a proxy or a network cut, no FATAL notice):
    both wait in the socket, and the first drain must read past the one to find the other."""
    url = db.engine.url
    with cuttable_proxy(url.host, url.port or 5432) as proxy:
        engine = create_engine(url.set(host="127.0.0.1", port=proxy.port))
        watch = version_watch.CatalogWatch(engine)
        try:
            assert watch.version() is not None  # listening, through the proxy
            with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                                 autocommit=True) as other:
                other.execute("SELECT pg_notify('catalog_version', '42')")
            select.select([watch.connection.fileno()], [], [], 5)  # it arrived
            proxy.cut()
            assert watch.version() is None and watch.connection is None  # lost: the version is to be read
        finally:
            engine.dispose()


def test_while_the_server_refuses_to_listen_the_version_is_read(client, count_queries, monkeypatch):
    product = make_product(stock=20)
    path = f"/products/{product.slug}"
    client.get(path)
    listener().close()

    def refused(*_args, **_kwargs):
        raise psycopg.OperationalError("too many connections")
    monkeypatch.setattr(psycopg, "connect", refused)
    take_stock(product, 5, reference="DH-1")
    db.session.commit()
    with count_queries() as counted:
        assert stock(client.get(path)) == "Còn 15 sản phẩm"
    assert "catalog_state" in counted.statements[0] and len(counted.statements) == 2
    with count_queries() as counted:
        assert stock(client.get(path)) == "Còn 15 sản phẩm"  # not tried again before RETRY_SECONDS
    assert len(counted.statements) == 2 and listener().connection is None


def test_a_forked_worker_listens_on_a_connection_of_its_own(client):
    client.get("/products")
    parents = listener().connection
    listener().pid = -1  # as gunicorn's fork leaves it: another process opened the connection
    client.get("/products")
    assert listener().connection is not parents and not parents.closed  # the parent's is left alone
    assert parents in version_watch._inherited
    version_watch._inherited.remove(parents)
    parents.close()


def test_a_connection_that_does_not_hear_itself_is_not_trusted(client, count_queries, monkeypatch):
    hear = version_watch.CatalogWatch._hear

    def deaf_to_the_probe(watch, channel, payload):  # as through a pooler in transaction mode
        if channel != version_watch.PROBE:
            hear(watch, channel, payload)
    client.get("/products")
    listener().close()
    monkeypatch.setattr(version_watch.CatalogWatch, "_hear", deaf_to_the_probe)
    with count_queries() as counted:
        client.get("/products")
    assert "catalog_state" in counted.statements[0] and listener().connection is None
