"""The index in step with the database: after each commit, never after a rollback, never losing a change."""
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from whoosh.index import open_dir

from shop.catalog.models import Product
from shop.certification.services import revoke_certificate
from shop.extensions import db
from shop.inventory.services import fulfilment_location, receive_stock
from shop.search import sync
from shop.search.backends import search_index
from shop.search.models import SearchBacklog
from shop.search.service import forget_expired, reindex
from shop.sellers.models import Seller
from tests.factories import make_product, make_seller
from tests.search.support import found
from tests.storefront.test_catalog import card_names


def test_a_renamed_product_is_found_by_its_new_name_at_once(today):
    make_product("Trà xanh")
    product = db.session.scalar(select(Product))
    product.name = "Trà hoa vàng Ba Chẽ"
    db.session.commit()
    assert found(today, "hoa vang") == ["Trà hoa vàng Ba Chẽ"]
    assert found(today, "xanh") == []  # the old name's word: "tra xanh" finds the new name in part


def test_a_failed_commit_leaves_the_index_alone(today):
    make_product("Trà xanh")
    product = db.session.scalar(select(Product))
    product.name = "Tên chưa lưu"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert found(today, "ten chua luu") == [] and found(today, "tra xanh") == ["Trà xanh"]


def test_renaming_a_producer_reindexes_its_products(today):
    seller = make_seller("HTX Cũ")
    make_product("Chè búp", seller=seller)
    seller.name = "HTX Chè Tuyết Shan"
    db.session.commit()
    assert found(today, "tuyet shan") == ["Chè búp"]


def test_concurrent_writers_do_not_corrupt_the_index(app, today):
    """Eight threads commit product changes at once; every change ends up searchable."""
    products = [make_product(f"Sản phẩm {n}", seller=make_seller(f"HTX số {n}")) for n in range(8)]
    ids = [p.id for p in products]

    def rename(product_id, n):
        with app.app_context():
            product = db.session.get(Product, product_id)
            product.name = f"Đặc sản mới {n} xyzabc"
            db.session.commit()

    threads = [threading.Thread(target=rename, args=(pid, n)) for n, pid in enumerate(ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert sorted(found(today, "xyzabc")) == sorted(f"Đặc sản mới {n} xyzabc" for n in range(8))


def test_a_reindex_refreshes_cached_search_pages(client, today):
    make_product("Trà xanh")
    db.session.execute(text("UPDATE product SET name = 'Trà hoa vàng'"))  # bulk SQL: the index does not know
    db.session.commit()
    assert "Không tìm thấy sản phẩm nào cho “hoa vang”." in client.get("/products?q=hoa+vang").text
    reindex()
    assert card_names(client.get("/products?q=hoa+vang").text) == ["Trà hoa vàng"]


def test_a_savepoint_rolled_back_keeps_the_outer_changes_for_the_index(today):
    make_product("Trà xanh")
    product = db.session.scalar(select(Product))
    product.name = "Trà hoa vàng"
    db.session.flush()
    with db.session.begin_nested() as savepoint:
        product.unit = "hộp"
        db.session.flush()
        savepoint.rollback()
    db.session.commit()
    assert found(today, "hoa vang") == ["Trà hoa vàng"]


def test_a_deleted_product_leaves_the_index_and_a_rolled_back_deletion_does_not(today):
    make_product("Trà xanh", stock=0)  # a product with stock has a ledger and is never deleted
    make_product("Trà sen", seller=make_seller("HTX Sen"), stock=0)
    green, lotus = db.session.scalars(select(Product).order_by(Product.id)).all()
    with db.session.begin_nested() as savepoint:
        db.session.delete(lotus.certificates[0])
        db.session.delete(lotus)
        db.session.flush()
        savepoint.rollback()
    db.session.delete(green.certificates[0])
    db.session.delete(green)
    db.session.commit()
    assert search_index().search("tra").ids() == [lotus.id]


def test_the_index_holds_only_products_that_are_or_may_become_sellable(today):
    make_product("Mật ong hai sao", stars=2)
    make_product("Mật ong hết hạn", expires_on=today - timedelta(days=1))
    make_product("Mật ong chưa bán", published=False)
    make_product("Mật ong từ tháng sau", decision_date=today + timedelta(days=30))  # in force from next month
    revoked = make_product("Mật ong thu hồi")
    on_sale = make_product("Mật ong còn hạn")
    assert len(search_index().search("mat ong").ids()) == 3
    revoke_certificate(revoked.certificates[0], reason="Vi phạm")  # a certificate's change alone reindexes
    db.session.commit()
    assert sorted(search_index().search("mat ong").ids()) == sorted(
        [on_sale.id, db.session.scalar(select(Product.id).where(Product.name == "Mật ong từ tháng sau"))])
    assert found(today, "mat ong") == ["Mật ong còn hạn"]
    assert sorted(found(today + timedelta(days=30), "mat ong")) == ["Mật ong còn hạn", "Mật ong từ tháng sau"]


def test_forget_expired_drops_what_expired_and_keeps_the_rest(today):
    ends_today = make_product("Trà xanh", expires_on=today)
    lasting = make_product("Trà sen", seller=make_seller("HTX Sen"), expires_on=today + timedelta(days=1))
    assert forget_expired(today) == 0
    assert forget_expired(today + timedelta(days=1)) == 1
    db.session.commit()
    assert search_index().search("tra").ids() == [lasting.id] and ends_today.id != lasting.id


def test_two_transactions_reindexing_one_product_wait_for_each_other(app, search_backend):
    """On PostgreSQL the search row is written in each transaction: the second waits, it does not fail."""
    product = make_product("Chè Tân Cương")
    renamed, failures = threading.Event(), []

    def rename():
        with app.app_context():
            db.session.get(Product, product.id).name = "Chè Tân Cương mới"
            db.session.flush()  # writes the search row and holds it until the commit
            renamed.set()
            time.sleep(0.5)
            db.session.commit()

    def change_producer():
        with app.app_context():
            renamed.wait(5)
            db.session.get(Seller, product.seller_id).phone = "0912345678"  # reindexes its products
            try:
                db.session.commit()
            except Exception as failure:  # noqa: BLE001 - the failure is the finding
                failures.append(repr(failure))

    threads = [threading.Thread(target=rename), threading.Thread(target=change_producer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert search_index().search("moi").ids() == [product.id]


@pytest.mark.whoosh_only
def test_a_change_made_while_the_index_is_busy_waits_in_the_backlog_and_is_not_lost(app, today, monkeypatch, caplog):
    """Another writer holds the index (as a rebuild in another process would): the change is kept, then indexed."""
    monkeypatch.setattr("shop.search.whoosh_index.WRITE_WAIT_SECONDS", 0.2)
    blocker = open_dir(app.config["SEARCH_INDEX_DIR"]).writer()
    try:
        product = make_product("Trà hoa vàng")  # becomes sellable while the index is held
    finally:
        blocker.cancel()
    assert "search index busy" in caplog.text
    assert found(today, "hoa vang") == []  # not in the index yet: still on the backlog
    assert db.session.scalars(select(SearchBacklog.product_id)).all() != []
    make_product("Chè búp", seller=make_seller("HTX Khác"))  # the next commit catches up
    assert found(today, "hoa vang") == ["Trà hoa vàng"] and product.id
    assert db.session.scalars(select(SearchBacklog.product_id)).all() == []


@pytest.mark.whoosh_only
def test_a_rebuild_takes_what_it_covered_off_the_backlog(app, today):
    make_product("Trà hoa vàng")
    db.session.add(SearchBacklog(product_id=12345))  # left by a crash before the index was written
    db.session.commit()
    assert reindex() == 1
    assert db.session.scalars(select(SearchBacklog.product_id)).all() == []


@pytest.mark.whoosh_only
def test_when_two_catch_ups_overlap_the_latest_change_wins(app, today, monkeypatch):
    """A slow catch-up that read a product before its rename must not write its old name over the new one."""
    product = make_product("Trà xanh")
    read_old, go_on = threading.Event(), threading.Event()
    read = sync.changes_of

    def slow_read(product_ids, connection, day):
        rows = read(product_ids, connection, day)
        if threading.current_thread().name == "slow":
            read_old.set()
            go_on.wait(5)
        return rows

    monkeypatch.setattr(sync, "changes_of", slow_read)

    def touch():  # commits a backlog entry for the product, then catches up (slowly)
        with app.app_context():
            db.session.add(SearchBacklog(product_id=product.id))
            db.session.commit()
            sync.catch_up()

    def rename():
        with app.app_context():
            db.session.get(Product, product.id).name = "Trà hoa vàng"
            db.session.commit()  # its catch-up waits for the slow one's lock, then reads the new name

    slow = threading.Thread(target=touch, name="slow")
    slow.start()
    assert read_old.wait(5)
    renaming = threading.Thread(target=rename)
    renaming.start()
    time.sleep(0.3)  # let the rename commit and queue behind the lock
    go_on.set()
    slow.join()
    renaming.join()
    db.session.expire_all()  # the rename was another session's
    assert found(today, "hoa vang") == ["Trà hoa vàng"] and found(today, "xanh") == []


@pytest.mark.whoosh_only
def test_an_index_failure_after_a_commit_never_fails_the_commit(today, monkeypatch, caplog):
    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("shop.search.whoosh_index.WhooshIndex.write", disk_full)
    make_product("Trà hoa vàng")  # commits, and its catch-up fails
    assert "search index not brought up to date" in caplog.text
    monkeypatch.undo()
    make_product("Chè búp", seller=make_seller("HTX Khác"))
    assert found(today, "hoa vang") == ["Trà hoa vàng"]


def test_reindexing_a_product_does_not_hold_up_its_stock_or_orders(app, search_backend):
    """The search row's lock (PostgreSQL) lets rows that point at the product be added meanwhile."""
    if search_backend != "postgres":
        pytest.skip("row locks of the PostgreSQL search backend")
    product = make_product("Trà xanh")
    flushed, done = threading.Event(), threading.Event()

    def edit_price():
        with app.app_context():
            db.session.get(Product, product.id).price_vnd = 99_000
            db.session.flush()  # reindexes: the product's row is locked until the commit
            flushed.set()
            done.wait(5)
            db.session.commit()

    editor = threading.Thread(target=edit_price)
    editor.start()
    try:
        assert flushed.wait(5)
        db.session.execute(text("SET LOCAL lock_timeout = '500ms'"))
        receive_stock(fulfilment_location(product), product, 5, reason="receipt")  # a movement pointing at it
        db.session.commit()
    finally:
        done.set()
        editor.join()
