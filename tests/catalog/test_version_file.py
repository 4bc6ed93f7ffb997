"""SQLite: each thread reads the catalog and stock versions through the driver (shop/catalog/version_file.py), so a
cached page's hit runs no query through the pool; writes made elsewhere, with plain SQL, show at the next request."""
import os
import sqlite3
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import create_engine

from shop.catalog.version_file import VersionFile
from shop.catalog.version_watch import watch
from shop.extensions import db
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.stamps.support import batch_of
from tests.storefront.test_catalog import card_names
from tests.storefront.test_product_cache import stock

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="the file reader is SQLite's")


def elsewhere(statement: str, *args) -> None:
    """Run `statement` on an sqlite3 connection of its own, as the sqlite3 shell or a cron job would."""
    with sqlite3.connect(db.engine.url.database) as other:
        other.execute(statement, args)
    other.close()


def test_a_sale_made_with_plain_sql_shows_at_the_next_request(client, count_queries):
    product = make_product(stock=20)
    path = f"/products/{product.slug}"
    assert stock(client.get(path)) == "Còn 20 sản phẩm"
    with count_queries() as counted:
        assert stock(client.get(path)) == "Còn 20 sản phẩm"
    assert counted.statements == []  # the versions read through the driver, the units kept
    elsewhere("UPDATE stock_level SET on_hand = on_hand - 4 WHERE product_id = ?", product.id)
    with count_queries() as counted:
        assert stock(client.get(path)) == "Còn 16 sản phẩm"
    assert len(counted.statements) == 1  # the units and outlets, read again


def test_an_outlet_renamed_and_a_batch_gone_stale_show_at_the_next_request(client):
    product = make_product(stock=0)
    batch = batch_of(product, units=5)
    make_outlet(stock=[(product, 3)])
    path = f"/products/{product.slug}"
    page = client.get(path)
    assert "Điểm bán OCOP Hồ Gươm" in page.text and stock(page) == "Còn 5 sản phẩm"
    elsewhere("UPDATE location SET name = 'Điểm bán Tràng Tiền' WHERE kind = 'sales_point'")
    assert "Điểm bán Tràng Tiền" in client.get(path).text
    elsewhere("UPDATE batch SET best_before = ? WHERE id = ?", (TODAY - timedelta(days=1)).isoformat(), batch.id)
    assert stock(client.get(path)) == "Tạm hết hàng"


def test_a_revocation_made_with_plain_sql_takes_the_cached_pages_down(client):
    product = make_product()
    client.get(f"/products/{product.slug}")
    assert card_names(client.get("/products").text) == ["Chè Tân Cương"]
    elsewhere("UPDATE product SET current_certificate_id = NULL WHERE id = ?", product.id)
    assert client.get(f"/products/{product.slug}").status_code == 404
    assert card_names(client.get("/products").text) == []


def test_a_forked_worker_reads_on_a_connection_of_its_own(client):
    reader = watch(current_app, db.engine)
    assert reader.version() is not None
    mine = reader.local.connection
    reader.local.pid = -1  # as a child of this process would find it
    assert reader.version() is not None
    assert reader.local.connection is not mine


def test_a_database_that_is_not_there_yet_is_not_made(tmp_path):
    missing = tmp_path / "not-yet.db"
    reader = VersionFile.of(create_engine(f"sqlite:///{missing}"))
    assert reader.version() is None  # the caller then queries through the pool, and learns why it fails
    assert not missing.exists()


def test_an_in_memory_database_is_read_through_the_pool():
    assert VersionFile.of(create_engine("sqlite://")) is None
    assert VersionFile.of(create_engine("sqlite:///:memory:")) is None
