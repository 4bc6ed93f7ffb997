"""In Chromium on a phone (390×844): a revoked product on an outlet's shelf shows a pull alert in the stock
room; "Trả nhà sản xuất" sends every unit back to the producer in one tap and the alert is gone. No sideways
scrolling, tap targets of 44 px.

Set SHOTS_DIR to keep a screenshot of each step (for looking at the pages, not for the test).
"""
import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.extensions import db
from shop.office.services import revoke
from shop.transfers.models import Transfer
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment
from tests.test_axe import serious_violations
from tests.transfers.test_browser import signed_in


@pytest.fixture
def shop(database_url):
    honey = make_product("Mật ong hoa nhãn", stock=10)
    make_outlet(staff=[make_user("nv@ocop.vn")], stock=[(honey, 4), (make_product("Trà móc câu"), 2)])
    revoke(honey.current_certificate, make_user("vp@ocop.gov.vn", office=True), "Không đạt kiểm tra", TODAY)
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


def looked_at(page, name: str) -> None:
    """No sideways scrolling, no small tap targets, nothing axe finds serious; a screenshot when SHOTS_DIR asks."""
    assert horizontal_overflow(page) <= 0
    assert small_controls(page) == []
    assert serious_violations(page) == []
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=os.path.join(os.environ["SHOTS_DIR"], f"alerts-{name}.png"), full_page=True)


def test_staff_return_a_revoked_product_from_its_alert(browser, shop):
    phone = signed_in(browser, shop, "nv@ocop.vn", bypass_csp=True)  # at 390×844; axe is injected as a script
    banner = phone.locator(".pull-alerts")
    expect(banner).to_contain_text("1 sản phẩm cần rút khỏi quầy và trả nhà sản xuất")
    expect(banner).to_contain_text("Mật ong hoa nhãn — Chứng nhận đã bị thu hồi")
    looked_at(phone, "1-stock-room")
    banner.get_by_role("link", name="Xem cảnh báo rút hàng").click()
    expect(phone.get_by_role("heading", name="Cảnh báo rút hàng: Điểm bán OCOP Hồ Gươm")).to_be_visible()
    row = phone.locator("tr", has_text="Mật ong hoa nhãn")
    expect(row).to_contain_text("Chứng nhận đã bị thu hồi")
    looked_at(phone, "2-alerts")
    row.get_by_role("button", name="Trả nhà sản xuất").click()
    expect(phone.get_by_text("Đã gửi trả hàng: nhà sản xuất sẽ nhận lại.")).to_be_visible()
    looked_at(phone, "3-return")
    back = db.session.scalars(select(Transfer)).one()
    assert (back.is_return, back.state, back.units) == (True, "sent", 4)
    assert back.note == "Cảnh báo rút hàng: Chứng nhận đã bị thu hồi"
    phone.goto(f"{shop}/outlet/diem-ban-ho-guom/alerts")
    expect(phone.get_by_text("Không có cảnh báo rút hàng nào.")).to_be_visible()
    phone.goto(f"{shop}/outlet/diem-ban-ho-guom/stock")
    expect(phone.locator(".pull-alerts")).to_have_count(0)
    looked_at(phone, "4-stock-room-after")
    phone.close()
