"""/outlet: staff see their outlets and each one's stock room, with every line's certificate state; no one else's."""
import re
from datetime import date, timedelta

import pytest

from shop.inventory.services import fulfilment_location
from shop.outlet import stock_room
from tests.accounts.support import log_in, make_user
from tests.conftest import TODAY
from tests.factories import make_certificate, make_outlet, make_product, make_seller


def shelf_of_every_state():
    """Five products, one per certificate state, as (product, units) pairs."""
    make_seller("HTX Mật Ong Bắc Kạn", province="Bắc Kạn")
    in_force = make_product("Chè còn hạn", stock=0, stars=5)
    expiring = make_product("Mắm sắp hết hạn", stock=0, decision_date=date(2023, 7, 5),
                            expires_on=TODAY + timedelta(days=20))
    expired = make_product("Mật ong hết hạn", stock=0, decision_date=date(2022, 1, 1))
    revoked = make_product("Rượu bị thu hồi", stock=0, certificate=False)
    make_certificate(revoked, status="revoked")
    uncertified = make_product("Bánh chưa có sao", stock=0, certificate=False)
    return [(in_force, 7), (expiring, 3), (expired, 2), (revoked, 4), (uncertified, 5)]


def row(html: str, name: str) -> str:
    found = re.search(r"<tr class=\"line-[a-z_]+\">(?:(?!</tr>).)*" + re.escape(name) + r".*?</tr>", html, re.S)
    assert found, name
    return found.group(0)


def test_the_list_names_each_outlet_its_kind_and_place(client, staff):
    make_outlet(staff=[staff])
    make_outlet("Trung tâm OCOP tỉnh Quảng Ninh", slug="tt-quang-ninh", kind="provincial_centre",
                province="Quảng Ninh", commune="Phường Hạ Long", staff=[staff])
    page = client.get("/outlet/").text
    assert "Điểm bán OCOP Hồ Gươm" in page and "Phường Hoàn Kiếm, Hà Nội" in page
    assert "Trung tâm OCOP cấp tỉnh" in page and "Phường Hạ Long, Quảng Ninh" in page
    assert 'href="/outlet/tt-quang-ninh"' in page and 'href="/outlet/tt-quang-ninh/stock"' in page


def test_someone_with_one_outlet_goes_straight_to_its_dashboard(client, staff):
    make_outlet(staff=[staff])
    answer = client.get("/outlet/")
    assert answer.status_code == 302 and answer.location == "/outlet/diem-ban-ho-guom"


def test_the_stock_room_shows_each_lines_certificate_state_in_words_and_colour(client, staff):
    make_outlet(staff=[staff], stock=shelf_of_every_state())
    page = client.get("/outlet/diem-ban-ho-guom/stock").text
    expected = {"Chè còn hạn": ("in_force", "Còn hiệu lực", "7"),
                "Mắm sắp hết hạn": ("expiring", "Hết hạn sau 20 ngày", "3"),
                "Mật ong hết hạn": ("expired", "Đã hết hạn", "2"), "Rượu bị thu hồi": ("revoked", "Đã thu hồi", "4"),
                "Bánh chưa có sao": ("unknown", "Không có chứng nhận OCOP", "5")}
    for name, (state, words, on_hand) in expected.items():
        line = row(page, name)
        assert f'class="shelf shelf-{state}">{words}<' in line, name
        assert f'data-label="Tồn kho">{on_hand}<' in line, name
        assert "HTX Chè Tân Cương" in line
        assert ("rút khỏi quầy" in line) == (state not in ("in_force", "expiring")), name
    assert "5 sao OCOP" in row(page, "Chè còn hạn")


def test_an_empty_stock_room_says_so(client, staff):
    make_outlet(staff=[staff])
    assert "Chưa có hàng ký gửi tại điểm bán này." in client.get("/outlet/diem-ban-ho-guom/stock").text


def test_the_stock_room_is_paged(client, staff, monkeypatch):
    monkeypatch.setattr(stock_room, "LINES_PER_PAGE", 2)
    make_outlet(staff=[staff], stock=[(make_product(name, stock=0), 1) for name in ("An", "Bình", "Cúc")])
    first, last = (client.get(f"/outlet/diem-ban-ho-guom/stock?page={n}").text for n in (1, 2))
    assert "An" in first and "Bình" in first and "Cúc" not in first and "Trang 1 / 2" in first
    assert "Cúc" in last and 'href="/outlet/diem-ban-ho-guom/stock?page=1"' in last


def test_staff_see_only_their_own_outlets(client, staff):
    make_outlet(staff=[staff])
    product = make_product()
    make_outlet("Điểm bán khác", slug="diem-ban-khac", stock=[(product, 1)])
    assert client.get("/outlet/diem-ban-khac/stock").status_code == 404
    assert client.get(f"/outlet/{fulfilment_location(product).slug}/stock").status_code == 404  # a warehouse
    assert client.get("/outlet/khong-co/stock").status_code == 404


def test_anonymous_visitors_log_in_and_shoppers_are_refused(client, app):
    make_outlet()
    assert client.get("/outlet/").location.startswith("/account/login")
    assert client.get("/outlet/diem-ban-ho-guom/stock").location.startswith("/account/login")
    make_user("khach@example.vn")
    log_in(client, "khach@example.vn")
    assert client.get("/outlet/").status_code == 403
    assert client.get("/outlet/diem-ban-ho-guom/stock").status_code == 403


@pytest.mark.parametrize("path, section", [
    ("", "Tổng quan"), ("/stock", "Kho hàng"), ("/sales/new", "Bán tại quầy"), ("/sales", "Biên lai bán hàng"),
    ("/counts/sheet", "Kiểm kê"), ("/transfers", "Phiếu chuyển kho"), ("/alerts", "Cảnh báo rút hàng"),
    ("/settlements", "Quyết toán"),
])
def test_every_outlet_page_carries_the_sections_and_marks_its_own(client, staff, path, section):
    make_outlet(staff=[staff])
    page = client.get(f"/outlet/diem-ban-ho-guom{path}").text
    strip = page[page.index('class="outlet-nav'):page.index("</nav>", page.index('class="outlet-nav'))]
    assert strip.count("<a ") == 8 and strip.count('aria-current="page"') == 1
    assert f'aria-current="page">{section}</a>' in strip


def test_the_stock_room_names_each_batch_and_its_best_before_earliest_first(client, staff):
    from shop.extensions import db
    from shop.inventory.services import find_or_make_batch, receive_stock
    tea = make_product("Chè còn hạn", stock=0)
    outlet = make_outlet(staff=[staff], stock=[(tea, 1)])
    for code, days in (("L-LATE", 90), ("L-SOON", 9)):
        lot = find_or_make_batch(tea, code, TODAY - timedelta(days=30), TODAY + timedelta(days=days))
        receive_stock(outlet, tea, 2, reason="receipt", batch=lot)
    db.session.commit()
    page = client.get("/outlet/diem-ban-ho-guom/stock").text
    soon = f"Lô L-SOON, hạn sử dụng {(TODAY + timedelta(days=9)).strftime('%d/%m/%Y')}"
    assert soon in page and page.index(soon) < page.index("Lô L-LATE") and outlet.slug in page
