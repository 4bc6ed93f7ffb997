"""/seller/transfers: the producer's list, the new-transfer form, and each step on a transfer's page."""
import re

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import available_units, fulfilment_location
from shop.transfers.models import Transfer
from shop.transfers.services import create_transfer, request_stock, return_stock
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.workspace.workflow import post_form, producer_signed_up


@pytest.fixture
def tea(client):
    """A signed-in, verified producer's certified product with 10 units in its warehouse."""
    seller = producer_signed_up(client)
    seller.status = "verified"
    return make_product("Chè móc câu", seller=seller, stock=10)


@pytest.fixture
def outlet():
    return make_outlet(staff=[make_user("diemban@example.com")])


def create(client, **fields):
    return post_form(client, "/seller/transfers", "/seller/transfers/new", **fields)


def step(client, transfer, name, **fields):
    return post_form(client, f"/seller/transfers/{transfer.number}/{name}", f"/seller/transfers/{transfer.number}",
                     **fields)


def draft(tea, outlet, units=4) -> Transfer:
    made = create_transfer(tea.seller, outlet, [(tea, units)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    return made


def on_hand(product, location) -> int:
    return db.session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product.id, StockLevel.location_id == location.id)) or 0


def state_of(transfer) -> str:
    return db.session.scalar(select(Transfer.state).where(Transfer.id == transfer.id))


def ledger_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(StockMovement))


def test_creating_a_transfer_answers_with_its_draft_page(client, tea, outlet):
    answer = create(client, outlet=outlet.slug, product=[tea.slug, ""], quantity=["3", ""], note="Lô tháng 6")
    assert answer.status_code == 303
    number = re.fullmatch(r"/seller/transfers/(CK-260615-[0-9A-Z]{6})", answer.location).group(1)
    made = db.session.scalar(select(Transfer))
    assert (made.number, made.state, made.note, [(x.product_id, x.quantity) for x in made.lines]) == (
        number, "draft", "Lô tháng 6", [(tea.id, 3)])
    page = client.get(answer.location).text
    assert f"Đã lập phiếu {number}" in page and "Nháp" in page and "Gửi hàng" in page
    assert available_units(tea) == 10  # a draft moves nothing


@pytest.mark.parametrize("fields, reason", [
    ({"product": ["", ""], "quantity": ["", ""]}, "Hãy chọn ít nhất một sản phẩm."),
    ({"product": ["che-moc-cau"], "quantity": ["0"]}, "Dòng 1: chọn sản phẩm và số lượng"),
    ({"product": ["che-moc-cau", "che-moc-cau"], "quantity": ["2", "ba"]}, "Dòng 2: chọn sản phẩm"),
    ({"product": ["che-moc-cau"], "quantity": ["-1"]}, "Dòng 1: chọn sản phẩm"),
    ({"product": ["che-moc-cau"], "quantity": ["2"], "outlet": "khong-co"}, "Hãy chọn một điểm bán OCOP"),
    ({"product": ["che-moc-cau"], "quantity": ["2"], "outlet": ""}, "Vui lòng điền mục này."),
])
def test_a_bad_transfer_is_shown_again_with_why_and_nothing_is_written(client, tea, outlet, fields, reason):
    answer = create(client, **{"outlet": outlet.slug, **fields})
    assert answer.status_code == 422 and reason in answer.text and "Chưa lập được phiếu" in answer.text
    assert db.session.scalar(select(func.count()).select_from(Transfer)) == 0


def test_the_form_keeps_what_was_typed_when_it_comes_back(client, tea, outlet):
    answer = create(client, outlet=outlet.slug, product=[tea.slug, tea.slug], quantity=["2", "x"], note="Gấp")
    assert answer.status_code == 422
    assert f'<option value="{outlet.slug}" selected>' in answer.text
    assert f'<option value="{tea.slug}" selected>' in answer.text and 'value="x"' in answer.text
    assert 'value="Gấp"' in answer.text


def test_another_producers_product_is_refused_without_naming_it(client, tea, outlet):
    other = make_product("Nước mắm Phú Quốc", stock=5)
    answer = create(client, outlet=outlet.slug, product=[tea.slug, other.slug], quantity=["1", "2"])
    assert answer.status_code == 422 and "không thuộc cơ sở của bạn" in answer.text
    assert "Nước mắm" not in answer.text
    assert db.session.scalar(select(func.count()).select_from(Transfer)) == 0


def test_the_form_offers_outlets_by_province_own_first_and_products_with_units_left(client, tea, outlet):
    make_outlet("Trung tâm OCOP Thái Nguyên", slug="tt-thai-nguyen", kind="provincial_centre",
                province="Thái Nguyên", commune="Phường Phan Đình Phùng")
    make_outlet("Điểm bán An Giang", slug="db-an-giang", province="An Giang", commune="Long Xuyên")
    page = client.get(f"/seller/transfers/new?product={tea.slug}").text
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert groups == ["Thái Nguyên", "An Giang", "Hà Nội"]  # the producer's province, then A to Z
    assert "Chè móc câu (còn 10)" in page
    assert page.count(f'<option value="{tea.slug}" selected>') == 1  # the first row, from ?product=
    assert page.count('name="quantity"') == 5
    assert client.get("/seller/transfers/new?rows=12").text.count('name="quantity"') == 12
    assert client.get("/seller/transfers/new?rows=51").status_code == 400


def test_sending_takes_the_units_out_and_the_stock_page_shows_them_in_transit(client, tea, outlet):
    transfer = draft(tea, outlet)
    answer = step(client, transfer, "send")
    assert answer.status_code == 303 and answer.location == f"/seller/transfers/{transfer.number}"
    assert state_of(transfer) == "sent" and available_units(tea) == 6
    assert "Đã gửi hàng" in client.get(answer.location).text
    stock = client.get("/seller/stock").text
    assert "<dt>Đang chuyển</dt><dd>4</dd>" in stock
    assert f'href="/seller/transfers/new?product={tea.slug}"' in stock
    history = client.get(f"/seller/stock/{tea.slug}").text
    assert f'<a href="/seller/transfers/{transfer.number}">{transfer.number}</a>' in history


def test_a_second_send_changes_nothing_and_says_so(client, tea, outlet):
    transfer = draft(tea, outlet)
    assert step(client, transfer, "send").status_code == 303
    rows = ledger_rows()
    again = step(client, transfer, "send")
    assert again.status_code == 409 and "không thể làm bước này" in again.text
    assert (available_units(tea), ledger_rows()) == (6, rows)


def test_sending_more_than_is_free_is_refused(client, tea, outlet):
    transfer = draft(tea, outlet, units=11)
    answer = step(client, transfer, "send")
    assert answer.status_code == 409 and "không còn đủ 11 đơn vị" in answer.text
    assert (state_of(transfer), available_units(tea)) == ("draft", 10)


def test_cancelling_a_draft_moves_nothing(client, tea, outlet):
    transfer = draft(tea, outlet)
    assert step(client, transfer, "cancel", note="Đổi ý").status_code == 303
    assert (state_of(transfer), available_units(tea)) == ("cancelled", 10)
    assert "Đổi ý" in client.get(f"/seller/transfers/{transfer.number}").text


def test_cancelling_a_sent_transfer_brings_the_units_back(client, tea, outlet):
    transfer = draft(tea, outlet)
    step(client, transfer, "send")
    page = client.get(f"/seller/transfers/{transfer.number}").text
    assert "Huỷ, lấy hàng về" in page and "Gửi hàng</button>" not in page
    assert step(client, transfer, "cancel").status_code == 303
    assert (state_of(transfer), available_units(tea), on_hand(tea, outlet)) == ("cancelled", 10, 0)
    assert "<dt>Đang chuyển</dt><dd>0</dd>" in client.get("/seller/stock").text


def test_accepting_an_outlets_request_makes_a_draft_to_send(client, tea, outlet):
    asked = request_stock(outlet, [(tea, 2)], note="Hội chợ", user_id=None, today=TODAY)
    db.session.commit()
    page = client.get(f"/seller/transfers/{asked.number}").text
    assert "Nhận đề nghị" in page and "Từ chối" in page
    assert step(client, asked, "accept").status_code == 303
    assert state_of(asked) == "draft" and "Gửi hàng</button>" in client.get(f"/seller/transfers/{asked.number}").text
    assert step(client, asked, "accept").status_code == 409


def test_declining_a_request(client, tea, outlet):
    asked = request_stock(outlet, [(tea, 2)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    assert step(client, asked, "cancel", note="Hết mùa").status_code == 303
    assert state_of(asked) == "cancelled" and available_units(tea) == 10


@pytest.fixture
def returned(tea, outlet):
    """3 of 5 consigned units sent back by the outlet: a return on its way to the warehouse."""
    held = make_outlet("Điểm bán Tân Cương", slug="db-tan-cuong", province="Thái Nguyên", stock=[(tea, 5)])
    made = return_stock(held, tea, 3, note="Bán chậm", user_id=None, today=TODAY)
    db.session.commit()
    return made


def test_receiving_a_return_in_full(client, tea, returned):
    page = client.get(f"/seller/transfers/{returned.number}").text
    assert f'name="received-{tea.slug}"' in page and 'value="3"' in page
    assert step(client, returned, "receive", **{f"received-{tea.slug}": "3"}).status_code == 303
    assert (state_of(returned), available_units(tea)) == ("received", 13)
    again = step(client, returned, "receive")  # a double click
    assert again.status_code == 409 and available_units(tea) == 13


def test_receiving_a_return_short_needs_a_note_and_writes_the_loss(client, tea, returned):
    answer = step(client, returned, "receive", **{f"received-{tea.slug}": "2"})
    assert answer.status_code == 422 and "hãy ghi lý do" in answer.text and state_of(returned) == "sent"
    assert step(client, returned, "receive", note="Vỡ 1 hộp", **{f"received-{tea.slug}": "2"}).status_code == 303
    warehouse = fulfilment_location(tea)
    assert (state_of(returned), on_hand(tea, warehouse)) == ("received", 12)
    history = client.get(f"/seller/stock/{tea.slug}").text
    assert "Hao hụt khi chuyển" in history and "Vỡ 1 hộp" in history and 'class="ledger-loss"' in history


def test_a_bad_received_number_is_refused(client, tea, returned):
    for units in ("-1", "4", "hai"):
        assert step(client, returned, "receive", note="x", **{f"received-{tea.slug}": units}).status_code == 422
    assert state_of(returned) == "sent"


def test_another_producer_finds_none_of_it(app, client, tea, outlet, returned):
    transfer = draft(tea, outlet)
    other = app.test_client()
    producer_signed_up(other, email="b@example.vn", name="HTX Mật Ong Bắc Kạn", tax_code="4700123456")
    for number in (transfer.number, returned.number):
        assert other.get(f"/seller/transfers/{number}").status_code == 404
        for name in ("accept", "send", "cancel", "receive"):
            answer = post_form(other, f"/seller/transfers/{number}/{name}", "/seller/transfers/new")
            assert answer.status_code == 404
    assert transfer.number not in other.get("/seller/transfers").text
    assert (state_of(transfer), state_of(returned), available_units(tea)) == ("draft", "sent", 10)


def test_every_step_needs_the_csrf_token(client, tea, outlet):
    transfer = draft(tea, outlet)
    assert client.post("/seller/transfers", data={"outlet": outlet.slug, "product": tea.slug,
                                                  "quantity": "1"}).status_code == 400
    for name in ("send", "cancel"):
        assert client.post(f"/seller/transfers/{transfer.number}/{name}").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Transfer)) == 1 and state_of(transfer) == "draft"


def test_the_list_has_tabs_badges_and_pages(client, tea, outlet, returned):
    for _ in range(31):
        draft(tea, outlet, units=1)
    request_stock(outlet, [(tea, 1)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    first, second = client.get("/seller/transfers").text, client.get("/seller/transfers?page=2").text
    assert first.count("<tr>") == 31 and second.count("<tr>") == 4  # 33 transfers, and the heading row
    assert "Trang 1 / 2" in first and "1 phiếu trả hàng đang chờ bạn nhận về kho." in first
    assert re.search(r'state=requested"[^>]*>Đề nghị từ điểm bán <span class="badge"[^>]*>1<', first)
    assert re.search(r'state=sent"[^>]*>Đang chuyển <span class="badge"[^>]*>1<', first)
    requested = client.get("/seller/transfers?state=requested").text
    assert requested.count("<tr>") == 2 and "Đề nghị cấp hàng" in requested
    sent = client.get("/seller/transfers?state=sent").text
    assert returned.number in sent and "Trả hàng" in sent and "Điểm bán Tân Cương" in sent
    assert client.get("/seller/transfers?state=received").text.count("<tr>") == 0
    assert client.get("/seller/transfers?state=lost").status_code == 400


def test_an_empty_list_leads_to_the_first_transfer(client, tea):
    page = client.get("/seller/transfers").text
    assert "Chưa có phiếu chuyển nào" in page and 'href="/seller/transfers/new"' in page


def test_the_dashboard_says_what_waits(client, tea, outlet, returned):
    request_stock(outlet, [(tea, 1)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    page = client.get("/seller/").text
    assert 'href="/seller/transfers"' in page
    assert "1 đề nghị từ điểm bán, 1 phiếu trả hàng chờ nhận" in page


def test_a_note_longer_than_the_record_keeps_is_refused_and_nothing_moves(client, tea, outlet, returned):
    transfer = draft(tea, outlet)
    step(client, transfer, "send")
    too_long = "Vỡ " + "a" * 300
    answer = step(client, transfer, "cancel", note=too_long)
    assert answer.status_code == 422 and "Ghi chú tối đa 300 ký tự." in answer.text
    assert (state_of(transfer), available_units(tea)) == ("sent", 6)
    answer = step(client, returned, "receive", note=too_long, **{f"received-{tea.slug}": "2"})
    assert answer.status_code == 422 and state_of(returned) == "sent"
    assert step(client, returned, "receive", note="  Vỡ 1 hộp " + " " * 300,
                **{f"received-{tea.slug}": "2"}).status_code == 303  # spaces around a note are not kept
