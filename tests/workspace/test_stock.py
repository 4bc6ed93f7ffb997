"""/seller/stock: receipts, counts, the low-stock warning, each product's ledger, the opening quantity."""
import re

import pytest
from sqlalchemy import select

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory.models import StockMovement
from shop.inventory.services import available_units, reserve_stock
from tests.factories import make_order, make_product
from tests.workspace.workflow import new_product, post_form, producer_signed_up


@pytest.fixture
def tea(client):
    """A signed-in, verified producer's certified product on sale, with 10 units in its warehouse."""
    seller = producer_signed_up(client)
    seller.status = "verified"
    return make_product("Chè móc câu", seller=seller, stock=10)


def ledger() -> list[tuple]:
    return db.session.execute(select(StockMovement.delta, StockMovement.reason, StockMovement.note)
                              .order_by(StockMovement.id)).all()


def stock_post(client, step, **fields):
    return post_form(client, f"/seller/stock/{step}", "/seller/stock", **fields)


def test_the_page_shows_each_products_units_and_the_empty_state(client):
    producer_signed_up(client)
    assert "Chưa có sản phẩm nào" in client.get("/seller/stock").text


def test_the_page_shows_warehouse_reserved_available_and_consignment(client, tea):
    reserve_stock(tea, 3, reference="DH-1")
    db.session.commit()
    page = client.get("/seller/stock").text
    assert "<dd>10</dd>" in page and "<dd>3</dd>" in page and "<dd><strong>7</strong></dd>" in page
    assert "Sắp hết hàng" not in page  # 7 available, warned at 5


def test_receiving_adds_units_with_who_and_the_note(client, tea):
    response = stock_post(client, "receive", product=tea.slug, quantity="5", note="Lô tháng 6")
    assert response.status_code == 303 and response.location.startswith("/seller/stock")
    assert available_units(tea) == 15
    movement = db.session.scalars(select(StockMovement).order_by(StockMovement.id.desc())).first()
    assert (movement.delta, movement.reason, movement.note, movement.user.email) == (
        5, "receipt", "Lô tháng 6", "lan@example.vn")


@pytest.mark.parametrize("quantity", ["0", "-3", "abc", "", "1000001"])
def test_a_bad_receipt_is_explained_and_nothing_is_written(client, tea, quantity):
    response = stock_post(client, "receive", product=tea.slug, quantity=quantity)
    assert response.status_code == 422 and "Chưa ghi được" in response.text
    assert len(ledger()) == 1


def test_a_count_writes_the_difference_and_needs_a_note_when_it_differs(client, tea):
    response = stock_post(client, "count", product=tea.slug, counted="8")
    assert response.status_code == 422 and "hãy ghi lý do" in response.text
    assert stock_post(client, "count", product=tea.slug, counted="8", note="Vỡ 2 hộp").status_code == 303
    assert ledger()[-1] == (-2, "count", "Vỡ 2 hộp") and available_units(tea) == 8
    stock_post(client, "count", product=tea.slug, counted="8")  # the same number: nothing to write
    assert len(ledger()) == 2


def test_a_count_below_the_reserved_units_is_refused(client, tea):
    reserve_stock(tea, 4, reference="DH-1")
    db.session.commit()
    response = stock_post(client, "count", product=tea.slug, counted="2", note="mất")
    assert response.status_code == 422 and "ít hơn số đang giữ" in response.text
    assert len(ledger()) == 1


def test_the_low_stock_warning_is_the_producers_threshold(client, tea):
    assert stock_post(client, "warning", product=tea.slug, low_stock_at="12").status_code == 303
    assert "Sắp hết hàng: còn 10 (ngưỡng cảnh báo 12)" in client.get("/seller/stock").text
    stock_post(client, "count", product=tea.slug, counted="0", note="bán hết ở hội chợ")
    assert "Hết hàng: cửa hàng đang hiện" in client.get("/seller/stock").text


def test_another_producers_product_is_not_found(client, tea):
    other = make_product("Nước mắm Phú Quốc", stock=3)
    for step, fields in (("receive", {"quantity": "5"}), ("count", {"counted": "1", "note": "x"}),
                         ("warning", {"low_stock_at": "1"})):
        assert stock_post(client, step, product=other.slug, **fields).status_code == 404
    assert client.get(f"/seller/stock/{other.slug}").status_code == 404
    assert available_units(other) == 3 and db.session.get(Product, other.id).low_stock_at == 5


def test_the_history_says_when_who_why_and_links_the_producers_orders(client, tea):
    stock_post(client, "count", product=tea.slug, counted="9", note="Hộp móp")
    order = make_order((tea, 2))
    page = client.get(f"/seller/stock/{tea.slug}").text
    assert "Kiểm kê" in page and "Hộp móp" in page and "-1" in page and "Nhập kho" in page
    assert f'href="/seller/orders/{order.parts[0].id}">{order.number}</a>' in page and "-2" in page
    assert "Đơn hàng trực tuyến" in page and "Khách" in page  # the counting member, by name


def test_the_history_is_paged_by_thirty(client, tea):
    for _ in range(31):
        stock_post(client, "receive", product=tea.slug, quantity="1")
    first, second = client.get(f"/seller/stock/{tea.slug}").text, client.get(f"/seller/stock/{tea.slug}?page=2").text
    assert first.count("<tr>") == 31 and second.count("<tr>") == 3  # rows + the heading row


def test_a_new_product_takes_an_opening_quantity_in_the_same_commit(client):
    producer_signed_up(client)
    assert new_product(client, opening_stock="25").status_code == 302
    product = db.session.scalar(select(Product))
    assert available_units(product) == 25 and ledger() == [(25, "receipt", "Tồn đầu kỳ")]
    assert new_product(client, name="Chè búp", opening_stock="-1").status_code == 200
    assert db.session.query(Product).count() == 1


def test_the_product_list_and_dashboard_say_how_many_are_left(client, tea):
    empty = make_product("Chè búp", seller=tea.seller, stock=0)
    listing = client.get("/seller/products").text
    assert "còn 10" in listing and "hết hàng" in listing
    dashboard = client.get("/seller/").text
    assert f"{empty.name}: hết hàng" in dashboard and "/seller/stock" in dashboard
    assert f"{tea.name}: còn" not in dashboard  # 10 left is above its warning



def test_a_receipt_form_sent_twice_counts_its_units_once(client, tea):
    """A double tap on "Nhập kho" on a phone: the second copy of the same form changes nothing."""
    receipt = re.search(r'name="receipt" value="([^"]+)"', client.get("/seller/stock").text).group(1)
    fields = {"product": tea.slug, "quantity": "5", "receipt": receipt}
    assert stock_post(client, "receive", **fields).status_code == 303
    again = stock_post(client, "receive", **fields)
    assert again.status_code == 422 and "đã được ghi rồi" in again.text
    assert available_units(tea) == 15 and len(ledger()) == 2
    assert "NK-" not in client.get(f"/seller/stock/{tea.slug}").text  # the form's reference is not shown


def test_receiving_a_batch_puts_its_units_under_its_code_on_the_sheet(client, tea, today):
    response = stock_post(client, "receive", product=tea.slug, quantity="6", batch_code="L-0626",
                          produced_on=str(today), best_before=str(today.replace(year=today.year + 1)))
    assert response.status_code == 303
    movement = db.session.scalars(select(StockMovement).order_by(StockMovement.id.desc())).first()
    assert movement.batch.code == "L-0626" and available_units(tea) == 16
    page = client.get("/seller/stock").text
    assert "Lô L-0626, hạn sử dụng" in page and "<dd>16</dd>" in page


@pytest.mark.parametrize(("fields", "why"), [
    ({"batch_code": "L1"}, "cần ngày sản xuất"),
    ({"batch_code": "L1", "produced_on": "2026-06-10", "best_before": "2026-06-01"}, "sau ngày sản xuất"),
    ({"batch_code": "L1", "produced_on": "2025-01-01", "best_before": "2026-06-01"}, "đã quá hạn"),
    ({"batch_code": "L" * 21, "produced_on": "2026-06-01", "best_before": "2027-06-01"}, "tối đa 20"),
    ({"batch_code": "LÔ 1", "produced_on": "2026-06-01", "best_before": "2027-06-01"}, "không dấu cách"),
])
def test_a_bad_batch_is_explained_and_nothing_is_written(client, tea, fields, why):
    response = stock_post(client, "receive", product=tea.slug, quantity="5", **fields)
    assert response.status_code == 422 and why in response.text
    assert len(ledger()) == 1


def test_a_batch_code_received_again_with_other_dates_is_refused(client, tea):
    dates = {"produced_on": "2026-06-01", "best_before": "2027-06-01"}
    assert stock_post(client, "receive", product=tea.slug, quantity="5", batch_code="L1", **dates).status_code == 303
    response = stock_post(client, "receive", product=tea.slug, quantity="5", batch_code="L1",
                          produced_on="2026-06-01", best_before="2027-07-01")
    assert response.status_code == 422 and "đã có với ngày sản xuất" in response.text
    assert len(ledger()) == 2


def test_a_product_in_batches_is_counted_batch_by_batch_on_its_card(client, tea, today):
    dates = {"produced_on": str(today), "best_before": str(today.replace(year=today.year + 1))}
    stock_post(client, "receive", product=tea.slug, quantity="6", batch_code="L-0626", **dates)
    page = client.get("/seller/stock").text
    assert 'name="batch" value="L-0626"' in page and "Hàng không ghi lô" in page  # one form a batch, one for the rest
    ids = re.findall(r'id="([^"]*-count-counted[^"]*)"', page)
    assert len(ids) == len(set(ids)) == 2  # a form a batch and one for the rest, each field its own id
    whole = stock_post(client, "count", product=tea.slug, counted="16", note="kiểm kê")
    assert whole.status_code == 422 and "hãy kiểm kê từng lô" in whole.text
    unknown = stock_post(client, "count", product=tea.slug, batch="L-9999", counted="1", note="kiểm kê")
    assert unknown.status_code == 422 and "Không có lô L-9999" in unknown.text
    assert len(ledger()) == 2
    counted = stock_post(client, "count", product=tea.slug, batch="l-0626", expected="6", counted="5", note="Vỡ 1")
    assert counted.status_code == 303 and ledger()[-1] == (-1, "count", "Vỡ 1") and available_units(tea) == 15
    loose = stock_post(client, "count", product=tea.slug, no_batch="1", expected="10", counted="9", note="Mất 1")
    assert loose.status_code == 303 and ledger()[-1] == (-1, "count", "Mất 1") and available_units(tea) == 14
    assert 'name="no_batch" value="1"' in page
