"""/outlet transfers: staff see what is arriving, receive it once (a shortfall explained and written off), send
units back, ask producers for more, withdraw what they started; never at another outlet."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.inventory.services import available_units, fulfilment_location
from shop.outlet import transfers as outlet_transfers
from shop.transfers.models import Transfer
from shop.transfers.services import create_transfer, request_stock, send_transfer
from tests.accounts.support import csrf_token, log_in, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product, make_seller
from tests.transfers.test_services import ledger, on_hand

HOME = "/outlet/diem-ban-ho-guom"


@pytest.fixture
def outlet(staff):
    return make_outlet(staff=[staff])


@pytest.fixture
def tea():
    return make_product("Chè Tân Cương", stock=10)


def sent(product, outlet, units=4, more=()):
    """A transfer of `units` of `product` (and `more` (product, units) pairs) sent to `outlet`."""
    transfer = create_transfer(product.seller, outlet, [(product, units), *more], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    db.session.commit()
    return transfer


def post(client, path, **fields):
    return client.post(path, data={**fields, "csrf_token": csrf_token(client, "/account/profile")})


def state_of(transfer) -> str:
    db.session.expire_all()
    return db.session.get(Transfer, transfer.id).state


# The inbox

def test_the_inbox_shows_arriving_transfers_first_then_requests_and_history(client, outlet, tea):
    request = request_stock(outlet, [(tea, 2)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    arriving = sent(tea, outlet)
    page = client.get(f"{HOME}/transfers").text
    sections = re.findall(r'<section class="inbox-([a-z]+)">', page)
    assert sections == ["arriving", "requests"]
    assert page.index(arriving.number) < page.index(request.number)
    assert 'data-label="Nhà sản xuất">HTX Chè Tân Cương<' in page
    assert f'href="/outlet/transfers/{arriving.number}#receive">Nhận hàng<' in page


def test_the_stock_room_and_the_outlet_list_count_the_transfers_to_receive(client, staff, outlet, tea):
    sent(tea, outlet, 1)
    sent(tea, outlet, 2)
    stock_room = client.get(f"{HOME}/stock").text
    assert f'href="{HOME}/transfers"' in stock_room and "2 phiếu cần nhận" in stock_room
    make_outlet("Trung tâm OCOP tỉnh Quảng Ninh", slug="tt-quang-ninh", kind="provincial_centre", staff=[staff])
    home = client.get("/outlet/").text
    assert home.count("phiếu cần nhận") == 1 and "2 phiếu cần nhận" in home
    assert 'href="/outlet/tt-quang-ninh/transfers"' in home


def test_an_empty_inbox_says_so_and_one_with_nothing_arriving_too(client, outlet, tea):
    page = client.get(f"{HOME}/transfers").text
    assert "Chưa có phiếu chuyển kho nào cho điểm bán này." in page and "đang chờ nhận" not in page
    request_stock(outlet, [(tea, 2)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    assert "Không có hàng nào đang chờ nhận." in client.get(f"{HOME}/transfers").text


def test_the_inbox_is_paged_with_what_arrives_on_the_first_page(client, outlet, tea, monkeypatch):
    monkeypatch.setattr(outlet_transfers, "TRANSFERS_PER_PAGE", 2)
    received = sent(tea, outlet, 1)
    post(client, f"/outlet/transfers/{received.number}/receive")
    arriving = [sent(tea, outlet, 1), sent(tea, outlet, 1)]
    first, last = (client.get(f"{HOME}/transfers?page={n}").text for n in (1, 2))
    assert all(t.number in first for t in arriving) and received.number not in first and "Trang 1 / 2" in first
    assert received.number in last and "Không có hàng nào đang chờ nhận." not in last


# Receiving

def test_receiving_in_full_puts_the_units_in_the_stock_room(client, outlet, tea):
    transfer = sent(tea, outlet)
    form = client.get(f"/outlet/transfers/{transfer.number}").text
    assert re.search(r'<input id="received-che-tan-cuong" name="received-che-tan-cuong" type="number" '
                     r'inputmode="numeric" min="0" max="4"\s+value="4">', form)
    assert "bắt buộc khi nhận thiếu hoặc hàng hỏng" in form
    answer = post(client, f"/outlet/transfers/{transfer.number}/receive", **{"received-che-tan-cuong": "4"})
    assert answer.status_code == 303 and answer.location == f"/outlet/transfers/{transfer.number}"
    assert "Đã nhận hàng vào điểm bán." in client.get(answer.location).text
    assert (state_of(transfer), on_hand(tea, outlet), ledger(tea, outlet)) == ("received", 4, [(4, "transfer")])
    assert 'data-label="Tồn kho">4<' in client.get(f"{HOME}/stock").text


def test_a_shortfall_without_a_note_writes_nothing_and_with_one_is_written_off(client, outlet, tea):
    transfer = sent(tea, outlet)
    answer = post(client, f"/outlet/transfers/{transfer.number}/receive", **{"received-che-tan-cuong": "3"})
    assert answer.status_code == 422 and "Nhận thiếu 1 đơn vị: hãy ghi lý do" in answer.text
    assert 'value="3"' in answer.text  # the count typed is kept
    assert (state_of(transfer), on_hand(tea, outlet), ledger(tea, outlet)) == ("sent", 0, [])
    answer = post(client, f"/outlet/transfers/{transfer.number}/receive", note="vỡ một gói",
                  **{"received-che-tan-cuong": "3"})
    assert answer.status_code == 303
    assert (on_hand(tea, outlet), ledger(tea, outlet)) == (3, [(4, "transfer"), (-1, "loss")])
    assert "thiếu 1" in client.get(answer.location).text


def test_a_note_too_long_to_keep_is_refused_and_writes_nothing(client, outlet, tea):
    transfer = sent(tea, outlet)
    answer = post(client, f"/outlet/transfers/{transfer.number}/receive", note="vỡ " * 150,
                  **{"received-che-tan-cuong": "3"})
    assert answer.status_code == 422 and "Ghi chú tối đa 300 ký tự." in answer.text
    assert (state_of(transfer), on_hand(tea, outlet)) == ("sent", 0)
    assert post(client, f"{HOME}/requests", product=tea.slug, quantity="1", note="x" * 301).status_code == 422
    assert db.session.scalar(select(Transfer.id).where(Transfer.id != transfer.id)) is None


def test_a_line_left_out_of_the_form_arrived_in_full(client, outlet, tea):
    honey = make_product("Mật ong bạc hà", stock=5)
    transfer = sent(tea, outlet, 4, more=[(honey, 2)])
    answer = post(client, f"/outlet/transfers/{transfer.number}/receive", **{"received-che-tan-cuong": "4"})
    assert answer.status_code == 303
    assert (on_hand(tea, outlet), on_hand(honey, outlet)) == (4, 2)


def test_a_count_that_is_not_a_number_or_more_than_sent_is_refused(client, outlet, tea):
    transfer = sent(tea, outlet)
    for count in ("bốn", "-1", "5"):
        answer = post(client, f"/outlet/transfers/{transfer.number}/receive", **{"received-che-tan-cuong": count})
        assert answer.status_code == 422, count
    assert (state_of(transfer), on_hand(tea, outlet)) == ("sent", 0)


def test_a_second_receive_changes_nothing(client, outlet, tea):
    transfer = sent(tea, outlet)
    assert post(client, f"/outlet/transfers/{transfer.number}/receive").status_code == 303
    again = post(client, f"/outlet/transfers/{transfer.number}/receive", **{"received-che-tan-cuong": "2"},
                 note="lần hai")
    assert again.status_code == 409 and "Đã nhận" in again.text and "không thể làm bước này" in again.text
    assert (on_hand(tea, outlet), ledger(tea, outlet)) == (4, [(4, "transfer")])


def test_the_outlet_cannot_cancel_what_the_producer_sent_it(client, outlet, tea):
    transfer = sent(tea, outlet)
    assert 'action="/outlet/transfers/' + transfer.number + '/cancel"' not in client.get(
        f"/outlet/transfers/{transfer.number}").text
    assert post(client, f"/outlet/transfers/{transfer.number}/cancel").status_code == 409
    assert state_of(transfer) == "sent"


# Returns

def test_a_return_needs_a_reason_and_then_goes_back_to_the_producer(client, tea):
    staff = make_user("nv@ocop.vn")
    outlet = make_outlet(staff=[staff], stock=[(tea, 5)])
    log_in(client, "nv@ocop.vn")
    answer = post(client, f"{HOME}/returns", product=tea.slug, quantity="2", note=" ")
    assert answer.status_code == 422 and "Hãy ghi lý do trả hàng." in answer.text
    assert re.search(r"<details open>\s*<summary>Trả hàng", answer.text)  # the form stays open
    assert (on_hand(tea, outlet), db.session.scalar(select(Transfer.id))) == (5, None)
    answer = post(client, f"{HOME}/returns", product=tea.slug, quantity="2", note="khách chê bao bì")
    number = db.session.scalar(select(Transfer.number))
    assert answer.status_code == 303 and answer.location == f"/outlet/transfers/{number}"
    assert (on_hand(tea, outlet), ledger(tea, outlet)[-1]) == (3, (-2, "transfer"))
    page = client.get(answer.location).text
    assert "Đang chuyển" in page and "Huỷ trả hàng" in page


def test_returning_more_than_is_on_hand_is_refused_and_writes_nothing(client, tea):
    outlet = make_outlet(staff=[make_user("nv@ocop.vn")], stock=[(tea, 5)])
    log_in(client, "nv@ocop.vn")
    answer = post(client, f"{HOME}/returns", product=tea.slug, quantity="6", note="hết hạn")
    assert answer.status_code == 409
    assert "Điểm bán OCOP Hồ Gươm không còn đủ 6 đơn vị Chè Tân Cương để gửi." in answer.text
    assert (on_hand(tea, outlet), db.session.scalar(select(Transfer.id))) == (5, None)
    for bad in ({"product": tea.slug, "quantity": "0"}, {"product": "khong-co", "quantity": "1"},
                {"product": make_product("Nước mắm", stock=3).slug, "quantity": "1"}):  # not held here
        assert post(client, f"{HOME}/returns", note="lý do", **bad).status_code == 422, bad
    assert db.session.scalar(select(Transfer.id)) is None


def test_cancelling_a_return_brings_its_units_back_to_the_outlet(client, tea):
    outlet = make_outlet(staff=[make_user("nv@ocop.vn")], stock=[(tea, 5)])
    log_in(client, "nv@ocop.vn")
    number = post(client, f"{HOME}/returns", product=tea.slug, quantity="2", note="nhầm").location.rsplit("/", 1)[1]
    answer = post(client, f"/outlet/transfers/{number}/cancel", note="giữ lại bán Tết")
    assert answer.status_code == 303 and "Đã huỷ phiếu." in client.get(answer.location).text
    assert on_hand(tea, outlet) == 5
    assert db.session.scalar(select(Transfer.state)) == "cancelled"


def test_a_line_to_pull_suggests_returning_it_to_the_producer(client, tea):
    expired = make_product("Mật ong hết hạn", stock=0, decision_date=TODAY - timedelta(days=4 * 365))
    make_outlet(staff=[make_user("nv@ocop.vn")], stock=[(tea, 5), (expired, 2)])
    log_in(client, "nv@ocop.vn")
    page = client.get(f"{HOME}/stock").text
    pull = re.search(r'<tr class="line-expired">.*?</tr>', page, re.S).group(0)
    assert "Trả nhà sản xuất" in pull and 'max="2"\n                   value="2"' in pull
    assert "Đề nghị thêm hàng" not in pull  # it cannot be sent to an outlet any more
    fresh = re.search(r'<tr class="line-in_force">.*?</tr>', page, re.S).group(0)
    assert "<summary>Trả hàng</summary>" in fresh
    assert f'href="{HOME}/requests/new?product={tea.slug}">Đề nghị thêm hàng<' in fresh


# Requests

def test_a_request_form_lists_the_producers_certified_products(client, outlet, tea):
    make_product("Chè móc câu", stock=0)
    make_product("Chè hết hạn", stock=0, decision_date=TODAY - timedelta(days=4 * 365))
    make_product("Nước mắm", seller=make_seller("Công ty Khải Hoàn", province="An Giang"), stock=0)
    page = client.get(f"{HOME}/requests/new?product={tea.slug}").text
    assert "Nhà sản xuất: HTX Chè Tân Cương." in page
    assert f'<option value="{tea.slug}" selected>' in page and "Chè móc câu" in page
    assert "Chè hết hạn" not in page and "Nước mắm" not in page
    assert "Chọn “Đề nghị thêm hàng”" in client.get(f"{HOME}/requests/new?product=khong-co").text


def test_a_request_goes_to_the_producer_and_can_be_withdrawn(client, outlet, tea):
    hook = make_product("Chè móc câu", stock=0)
    answer = post(client, f"{HOME}/requests", product=[tea.slug, hook.slug, ""], quantity=["3", "2", ""],
                  note="sắp Tết")
    transfer = db.session.scalar(select(Transfer))
    assert answer.status_code == 303 and answer.location == f"/outlet/transfers/{transfer.number}"
    assert (transfer.state, transfer.destination_id, transfer.units) == ("requested", outlet.id, 5)
    assert "Rút đề nghị" in client.get(answer.location).text
    assert post(client, f"/outlet/transfers/{transfer.number}/cancel").status_code == 303
    assert state_of(transfer) == "cancelled"


def test_a_request_mixing_producers_or_asking_for_the_uncertified_writes_nothing(client, outlet, tea):
    sauce = make_product("Nước mắm", seller=make_seller("Công ty Khải Hoàn", province="An Giang"), stock=0)
    lapsed = make_product("Chè hết hạn", stock=0, decision_date=TODAY - timedelta(days=4 * 365))
    mixed = post(client, f"{HOME}/requests", product=[tea.slug, sauce.slug], quantity=["3", "2"])
    assert mixed.status_code == 422 and "Nước mắm không phải sản phẩm của nhà sản xuất này." in mixed.text
    assert f'<option value="{tea.slug}" selected>' in mixed.text  # the rows come back as they were
    uncertified = post(client, f"{HOME}/requests", product=lapsed.slug, quantity="1")
    assert uncertified.status_code == 422 and "chưa được chứng nhận OCOP" in uncertified.text
    assert post(client, f"{HOME}/requests", product=tea.slug, quantity="0").status_code == 422
    assert post(client, f"{HOME}/requests", product="", quantity="").status_code == 422
    assert db.session.scalar(select(Transfer.id)) is None


# Who may do what

def test_staff_of_one_outlet_find_nothing_at_another(client, outlet, tea):
    other = make_outlet("Điểm bán khác", slug="diem-ban-khac", stock=[(tea, 3)])
    theirs = sent(tea, other)
    request = request_stock(other, [(tea, 1)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    assert client.get("/outlet/diem-ban-khac/transfers").status_code == 404
    assert client.get("/outlet/diem-ban-khac/requests/new").status_code == 404
    assert client.get(f"/outlet/transfers/{theirs.number}").status_code == 404
    assert client.get(f"/outlet/{fulfilment_location(tea).slug}/transfers").status_code == 404  # a warehouse
    assert post(client, f"/outlet/transfers/{theirs.number}/receive").status_code == 404
    assert post(client, f"/outlet/transfers/{request.number}/cancel").status_code == 404
    assert post(client, "/outlet/diem-ban-khac/returns", product=tea.slug, quantity="1", note="x").status_code == 404
    assert post(client, "/outlet/diem-ban-khac/requests", product=tea.slug, quantity="1").status_code == 404
    assert (state_of(theirs), state_of(request), on_hand(tea, other)) == ("sent", "requested", 3)
    assert available_units(tea) == 6


def test_every_step_needs_the_forms_csrf_token(client, outlet, tea):
    transfer = sent(tea, outlet)
    assert client.post(f"/outlet/transfers/{transfer.number}/receive").status_code == 400
    assert client.post(f"/outlet/transfers/{transfer.number}/cancel").status_code == 400
    assert client.post(f"{HOME}/returns", data={"product": tea.slug, "quantity": "1", "note": "x"}).status_code == 400
    assert client.post(f"{HOME}/requests", data={"product": tea.slug, "quantity": "1"}).status_code == 400
    assert state_of(transfer) == "sent"
    assert db.session.scalar(select(Transfer.id).where(Transfer.id != transfer.id)) is None


def test_shoppers_are_refused_and_visitors_sent_to_log_in(client, outlet, tea):
    transfer = sent(tea, outlet)
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/account/profile")})
    assert client.get(f"{HOME}/transfers").location.startswith("/account/login")
    make_user("khach@example.vn")
    log_in(client, "khach@example.vn")
    assert client.get(f"/outlet/transfers/{transfer.number}").status_code == 403


# The stock room's wording

def test_a_certificate_expiring_today_says_so(client, staff):
    last_day = make_product("Mắm hết hạn hôm nay", stock=0, decision_date=TODAY - timedelta(days=1000),
                            expires_on=TODAY)
    make_outlet(staff=[staff], stock=[(last_day, 1)])
    page = client.get(f"{HOME}/stock").text
    assert 'class="shelf shelf-expiring">Hết hạn hôm nay<' in page and "sau 0 ngày" not in page


def test_in_english_a_lines_product_is_labelled_product(client, staff, tea):
    make_outlet(staff=[staff], stock=[(tea, 1)])
    client.get("/language/en?next=/")
    page = client.get(f"{HOME}/stock").text
    assert 'data-label="Product">Chè Tân Cương<' in page and "<th>Product</th>" in page
    assert "Return" in page and "Ask for more" in page
