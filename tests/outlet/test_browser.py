"""In Chromium on a phone (390×844): outlet staff log in, land on their outlet's dashboard, open its stock room
and see an expired product flagged to be pulled, with no sideways scrolling."""
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.accounts.support import PASSWORD, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.support.layout import horizontal_overflow
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def shop(database_url):
    fresh = make_product("Trà móc câu", stock=0)
    expired = make_product("Mật ong hết hạn", stock=0, decision_date=date(2022, 1, 1))
    make_outlet(staff=[make_user("nv@ocop.vn")], stock=[(fresh, 6), (expired, 2)])
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


def test_outlet_staff_land_on_their_stock_room_and_see_what_to_pull(browser, shop):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(f"{shop}/account/login")
    phone.get_by_label("Email").fill("nv@ocop.vn")
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.get_by_role("heading", name="Điểm bán OCOP Hồ Gươm")).to_be_visible()
    assert phone.url.endswith("/outlet/diem-ban-ho-guom")  # the outlet's dashboard, then its stock room
    phone.get_by_role("link", name="Kho hàng").first.click()
    expect(phone.get_by_role("heading", name="Kho hàng: Điểm bán OCOP Hồ Gươm")).to_be_visible()
    expired = phone.locator("tr", has_text="Mật ong hết hạn")
    expect(expired.get_by_text("Đã hết hạn")).to_be_visible()
    expect(expired.get_by_text("Hết hiệu lực chứng nhận — rút khỏi quầy")).to_be_visible()
    expect(phone.locator("tr", has_text="Trà móc câu").get_by_text("rút khỏi quầy")).to_have_count(0)
    assert horizontal_overflow(phone) <= 0  # no sideways scrolling
    phone.close()
