"""Issue 16's journey in Chromium on a phone (390×844), against a real server: outlet staff receive a producer's
transfer, sell two lines at the till, print the receipt, count the shelf with a difference, then — the office having
revoked a certificate — take the dashboard's pull alert and send the units back to the producer. At each step: no
sideways scrolling and every control at least 44 x 44 CSS px (tests/support/layout.py).

Set SHOTS_DIR to keep a screenshot of each step (outside the repository).
"""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.extensions import db
from shop.inventory.models import StockMovement
from shop.office.services import revoke
from shop.transfers.services import create_transfer, send_transfer
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.outlet.test_counts_browser import looked_at
from tests.support.server import running_shop, shop_environment
from tests.transfers.test_browser import signed_in
from tests.transfers.test_services import on_hand

OUTLET = "/outlet/diem-ban-ho-guom"


@pytest.fixture
def shop(database_url):
    """A real server; an outlet holding nothing yet, with a transfer of tea and honey on its way from one producer."""
    tea = make_product("Chè Tân Cương", stock=20)
    honey = make_product("Mật ong hoa nhãn", stock=10, seller=tea.seller, price_vnd=90_000)
    outlet = make_outlet(staff=[make_user("nv@ocop.vn", name="Nhân viên An")])
    transfer = create_transfer(tea.seller, outlet, [(tea, 6), (honey, 4)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base, outlet, tea, honey, transfer.number


def test_receive_sell_print_count_and_return_on_a_phone(browser, shop):
    base, outlet, tea, honey, number = shop
    phone = signed_in(browser, base, "nv@ocop.vn")
    phone.goto(f"{base}{OUTLET}")
    phone.get_by_role("link", name=number).click()  # "Hàng đang về" on the dashboard
    looked_at(phone, "journey-1-transfer")
    phone.get_by_role("button", name="Nhận hàng").click()
    expect(phone.get_by_text("Đã nhận hàng vào điểm bán.")).to_be_visible()
    looked_at(phone, "journey-2-received")
    assert (on_hand(tea, outlet), on_hand(honey, outlet)) == (6, 4)

    phone.goto(f"{base}{OUTLET}")
    phone.get_by_role("link", name="Bán tại quầy").first.click()
    phone.get_by_label("Sản phẩm 1").fill("che-tan-cuong")
    phone.get_by_label("Số lượng").first.fill("2")
    phone.get_by_label("Sản phẩm 2").fill("mat-ong-hoa-nhan")
    phone.get_by_label("Số lượng").nth(1).fill("1")
    looked_at(phone, "journey-3-till")
    phone.get_by_role("button", name="Bán và in biên lai").click()
    receipt = phone.locator("article.receipt")
    expect(phone.get_by_role("heading", name=re.compile("Biên lai BL-"))).to_be_visible()
    expect(receipt).to_contain_text("Chè Tân Cương")
    expect(receipt).to_contain_text("Mật ong hoa nhãn")
    looked_at(phone, "journey-4-receipt")
    phone.emulate_media(media="print")  # what the printer gets: the receipt, not the shop around it
    expect(receipt).to_be_visible()
    expect(phone.locator(".site-header")).to_be_hidden()
    expect(phone.locator(".receipt-actions")).to_be_hidden()
    looked_at(phone, "journey-5-print")
    phone.emulate_media(media="screen")
    db.session.expire_all()
    assert (on_hand(tea, outlet), on_hand(honey, outlet)) == (4, 3)

    phone.goto(f"{base}{OUTLET}")
    phone.get_by_role("link", name="Bắt đầu kiểm kê").click()
    phone.get_by_label("Số đếm được của Chè Tân Cương").fill("3")  # one packet short of the 4 on record
    phone.get_by_label("Số đếm được của Mật ong hoa nhãn").fill("3")
    phone.get_by_label("Ghi chú").fill("Thiếu một gói chè")
    looked_at(phone, "journey-6-count-sheet")
    phone.get_by_role("button", name="Chốt kiểm kê").click()
    expect(phone.get_by_text("Đã chốt kiểm kê")).to_be_visible()
    looked_at(phone, "journey-7-count-finished")
    db.session.expire_all()
    counted = db.session.scalars(select(StockMovement).where(StockMovement.reason == "count")).one()
    assert (counted.product_id, counted.delta, counted.location_id) == (tea.id, -1, outlet.id)
    assert on_hand(tea, outlet) == 3

    revoke(honey.current_certificate, make_user("vp@ocop.gov.vn", office=True), "Không đạt kiểm tra", TODAY)
    db.session.commit()
    phone.goto(f"{base}{OUTLET}")
    banner = phone.locator(".pull-alerts")
    expect(banner).to_contain_text("Mật ong hoa nhãn — Chứng nhận đã bị thu hồi")
    looked_at(phone, "journey-8-dashboard-alert")
    banner.get_by_role("link", name="Xem cảnh báo rút hàng").click()
    phone.locator("tr", has_text="Mật ong hoa nhãn").get_by_role("button", name="Trả nhà sản xuất").click()
    expect(phone.get_by_text("Đã gửi trả hàng: nhà sản xuất sẽ nhận lại.")).to_be_visible()
    looked_at(phone, "journey-9-returned")
    phone.goto(f"{base}{OUTLET}")
    expect(phone.locator(".pull-alerts")).to_have_count(0)
    looked_at(phone, "journey-10-dashboard-after")
    db.session.expire_all()
    assert (on_hand(tea, outlet), on_hand(honey, outlet)) == (3, 0)
    phone.close()
