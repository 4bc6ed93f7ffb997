"""/outlet/<outlet>/sales: the till sells what the outlet holds (303 to the receipt), refuses a product no longer
certified (409 with the words), bad input (422), writes nothing then; receipts print, list and void."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from shop.counter.models import Sale
from shop.extensions import db
from shop.inventory.models import StockLevel
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.outlet.test_transfers import post as post_fields
from tests.transfers.test_services import ledger, on_hand

TILL = "/outlet/diem-ban-ho-guom/sales"
LAPSED = "đã hết hiệu lực chứng nhận OCOP — hãy rút khỏi quầy và trả nhà sản xuất"


@pytest.fixture
def shelf(staff):
    tea = make_product("Chè Tân Cương", stock=0)
    sauce = make_product("Nước mắm Phú Quốc", stock=0, price_vnd=90_000, expires_on=TODAY + timedelta(days=3))
    honey = make_product("Mật ong hết hạn", stock=0, decision_date=date(2022, 1, 1))
    outlet = make_outlet(staff=[staff], stock=[(tea, 5), (sauce, 3), (honey, 4)])
    return outlet, tea, sauce, honey


def post(client, path, data):
    return post_fields(client, path, **data)


def sales() -> int:
    return db.session.scalar(select(func.count()).select_from(Sale))


def test_the_till_offers_what_the_outlet_holds(client, shelf):
    page = client.get(f"{TILL}/new").text
    assert '<option value="che-tan-cuong">Chè Tân Cương</option>' in page
    assert 'name="payment" value="transfer"' in page and "Chuyển khoản" in page
    assert page.count('name="product"') == 4


def test_selling_two_lines_answers_303_to_one_receipt(client, shelf):
    outlet, tea, sauce, _honey = shelf
    answer = post(client, TILL, {"product": ["che-tan-cuong", sauce.current_certificate.code, ""],
                                 "quantity": ["2", "1", ""], "price_vnd": ["", "85.000", ""], "payment": "cash"})
    assert answer.status_code == 303
    number = re.fullmatch(r"/outlet/diem-ban-ho-guom/sales/(BL-260615-[A-Z2-9]{6})", answer.location).group(1)
    receipt = client.get(answer.location).text
    assert number in receipt and "Chè Tân Cương" in receipt and "Sản phẩm OCOP 4 sao" in receipt
    assert "385.000" in receipt and "Tiền mặt" in receipt and "VietQR" not in receipt
    assert (on_hand(tea, outlet), on_hand(sauce, outlet)) == (3, 2)
    assert ledger(tea, outlet)[-1] == (-2, "sale")


def test_a_sale_by_a_scanned_ean_13_takes_the_units_off_the_shelf(client, shelf):
    outlet, tea, _sauce, _honey = shelf
    tea.gtin = "8934563138165"
    db.session.commit()
    answer = post(client, TILL, {"product": ["8934563138165"], "quantity": ["2"], "price_vnd": [""],
                                 "payment": "cash"})
    assert answer.status_code == 303
    assert "Chè Tân Cương" in client.get(answer.location).text
    assert on_hand(tea, outlet) == 3 and ledger(tea, outlet)[-1] == (-2, "sale")


def test_an_unknown_gtin_at_the_till_is_422_and_sells_nothing(client, shelf):
    answer = post(client, TILL, {"product": ["8934563138165"], "quantity": ["1"], "price_vnd": [""],
                                 "payment": "cash"})
    assert answer.status_code == 422 and "mã chứng nhận hoặc mã vạch" in answer.text and sales() == 0


@pytest.mark.parametrize("lapse", ["expired", "revoked", "expiring on SHOP_TODAY"])
def test_a_product_no_longer_certified_is_refused_409_with_the_words(app, client, shelf, lapse):
    outlet, _tea, sauce, honey = shelf
    product = honey
    if lapse == "revoked":
        from shop.certification.services import revoke_certificate
        revoke_certificate(sauce.current_certificate, reason="Vi phạm")
        db.session.commit()
        product = sauce
    elif lapse == "expiring on SHOP_TODAY":
        app.config["SHOP_TODAY"] = TODAY + timedelta(days=4)  # the day after the sauce's certificate ran out
        product = sauce
    try:
        answer = post(client, TILL, {"product": product.slug, "quantity": "1", "payment": "cash"})
    finally:
        app.config["SHOP_TODAY"] = TODAY
    assert answer.status_code == 409
    assert f"{product.name} {LAPSED}" in answer.text
    assert f'value="{product.slug}"' in answer.text  # the till again, as typed
    assert sales() == 0 and on_hand(product, outlet) == (4 if product is honey else 3)


@pytest.mark.parametrize("data, words", [
    ({"product": "che-tan-cuong", "quantity": "0"}, "Dòng 1: số lượng"),
    ({"product": "che-tan-cuong", "quantity": "abc"}, "Dòng 1: số lượng"),
    ({"product": "khong-co", "quantity": "1"}, "không có sản phẩm “khong-co”"),
    ({"product": "che-tan-cuong", "quantity": "1", "price_vnd": "-5"}, "Dòng 1: Giá là số đồng"),
    ({"product": "che-tan-cuong", "quantity": "1", "price_vnd": "1e9"}, "Dòng 1: Giá là số đồng"),
    ({"product": "", "quantity": ""}, "Hãy thêm ít nhất một sản phẩm."),
    ({"product": "che-tan-cuong", "quantity": "1", "payment": "card"}, "tiền mặt hoặc chuyển khoản"),
])
def test_bad_input_is_422_and_writes_nothing(client, shelf, data, words):
    answer = post(client, TILL, {"payment": "cash", **data})
    assert answer.status_code == 422
    assert words in answer.text
    assert sales() == 0


def test_the_last_units_sold_twice_the_second_is_told_why(client, shelf):
    outlet, tea, *_rest = shelf
    assert post(client, TILL, {"product": "che-tan-cuong", "quantity": "5", "payment": "cash"}).status_code == 303
    answer = post(client, TILL, {"product": "che-tan-cuong", "quantity": "1", "payment": "cash"})
    assert answer.status_code == 409 and "chỉ còn 0" in answer.text
    assert on_hand(tea, outlet) == 0 and sales() == 1


def test_a_transfer_payment_shows_a_vietqr_when_the_outlet_has_a_bank_account(client, shelf):
    outlet, *_rest = shelf
    answer = post(client, TILL, {"product": "che-tan-cuong", "quantity": "1", "payment": "transfer"})
    assert "chưa khai báo tài khoản ngân hàng" in client.get(answer.location).text
    outlet.bank_bin, outlet.bank_account, outlet.bank_account_name = "970415", "113366668888", "DIEM BAN HO GUOM"
    db.session.commit()
    receipt = client.get(answer.location).text
    assert "<svg" in receipt and "Quét mã VietQR" in receipt and "113366668888" in receipt


def test_a_local_speciality_is_sold_and_labelled_never_with_stars(client, shelf):
    outlet, _tea, _sauce, honey = shelf
    honey.local_speciality = True
    db.session.commit()
    answer = post(client, TILL, {"product": honey.slug, "quantity": "1", "payment": "cash"})
    assert answer.status_code == 303
    receipt = client.get(answer.location).text
    lines = re.search(r'<table class="receipt-lines">.*?</table>', receipt, re.S).group(0)
    assert "Đặc sản địa phương — không phải sản phẩm OCOP" in lines and "Sản phẩm OCOP" not in lines
    stock = client.get("/outlet/diem-ban-ho-guom/stock").text
    row = re.search(r'<tr class="line-expired">.*?</tr>', stock, re.S).group(0)
    assert "Đặc sản địa phương — không phải sản phẩm OCOP" in row and "rút khỏi quầy" not in row
    assert "sao OCOP" not in row


def test_the_receipt_prints_on_80mm_or_a4(client, shelf):
    answer = post(client, TILL, {"product": "che-tan-cuong", "quantity": "1", "payment": "cash"})
    assert 'class="receipt paper-80mm' in client.get(answer.location).text
    assert 'class="receipt paper-a4' in client.get(answer.location + "?paper=a4").text
    assert 'class="receipt paper-80mm' in client.get(answer.location + "?paper=letter").text


def test_a_void_needs_a_reason_then_gives_the_units_back_once(client, shelf):
    outlet, tea, *_rest = shelf
    receipt = post(client, TILL, {"product": "che-tan-cuong", "quantity": "2", "payment": "cash"}).location
    refused = post(client, f"{receipt}/void", {"reason": " "})
    assert refused.status_code == 422 and "Hãy ghi lý do huỷ biên lai." in refused.text
    assert on_hand(tea, outlet) == 3
    answer = post(client, f"{receipt}/void", {"reason": "Khách trả lại"})
    assert answer.status_code == 303 and answer.location == receipt
    page = client.get(receipt).text
    assert "ĐÃ HUỶ" in page and "Khách trả lại" in page and f'action="{receipt}/void"' not in page
    assert on_hand(tea, outlet) == 5 and ledger(tea, outlet)[-1] == (2, "return")
    again = post(client, f"{receipt}/void", {"reason": "Lần nữa"})
    assert again.status_code == 409 and on_hand(tea, outlet) == 5


def test_the_list_shows_todays_sales_newest_first(client, shelf):
    first = post(client, TILL, {"product": "che-tan-cuong", "quantity": "1", "payment": "cash"}).location
    second = post(client, TILL, {"product": "che-tan-cuong", "quantity": "2", "payment": "transfer"}).location
    page = client.get(TILL).text
    assert page.index(second.rsplit("/", 1)[1]) < page.index(first.rsplit("/", 1)[1])
    assert "Hôm nay: 2 biên lai, 450.000" in page


def test_staff_set_the_outlets_price_from_the_stock_room(client, shelf):
    outlet, tea, *_rest = shelf
    answer = post(client, "/outlet/diem-ban-ho-guom/stock/price", {"product": "che-tan-cuong", "price_vnd": "140.000"})
    assert answer.status_code == 303
    assert db.session.scalar(select(StockLevel.price_vnd).where(StockLevel.product_id == tea.id,
                                                                StockLevel.location_id == outlet.id)) == 140_000
    bad = post(client, "/outlet/diem-ban-ho-guom/stock/price", {"product": "che-tan-cuong", "price_vnd": "0"})
    assert bad.status_code == 422
    post(client, "/outlet/diem-ban-ho-guom/stock/price", {"product": "che-tan-cuong", "price_vnd": ""})
    db.session.expire_all()
    assert db.session.scalar(select(StockLevel.price_vnd).where(StockLevel.product_id == tea.id,
                                                                StockLevel.location_id == outlet.id)) is None


def test_another_outlets_receipt_is_a_404(client, shelf):
    _outlet, tea, *_rest = shelf
    receipt = post(client, TILL, {"product": "che-tan-cuong", "quantity": "1", "payment": "cash"}).location
    make_outlet("Điểm bán B", slug="diem-ban-b", stock=[(tea, 1)])
    number = receipt.rsplit("/", 1)[1]
    assert client.get(f"/outlet/diem-ban-b/sales/{number}").status_code == 404
    assert client.get(f"{TILL}/BL-260615-AAAAAA").status_code == 404
