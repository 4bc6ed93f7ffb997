"""In Chromium on a phone (390×844): the office filters the product database with no sideways scrolling and
tap-sized controls, each product's status marked in words."""
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import make_product, make_seller
from tests.office.browser import make_office_user, office_page
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment

SHOTS = "/work/shots/officedb"


@pytest.fixture
def shop(database_url):
    make_office_user()
    tea = make_seller("Hợp tác xã Chè Tân Cương Thái Nguyên", province="Thái Nguyên", owner_type="htx")
    make_product("Chè búp Tân Cương thượng hạng hộp 200 g", seller=tea, subgroup="Chè")
    make_product("Chè xanh", seller=tea, published=False, stars=3)
    make_product("Chè cũ", seller=tea, decision_date=date(2023, 1, 1))
    with running_shop(shop_environment(database_url)) as base:
        yield base


def test_the_product_database_fits_a_phone(browser, shop):
    page = office_page(browser, shop, "/office/products")
    expect(page.locator("strong", has_text="Có chứng nhận, chưa đăng bán")).to_be_visible()
    expect(page.locator("strong", has_text="Chứng nhận đã hết hạn")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.screenshot(path=f"{SHOTS}/products-390.png", full_page=True)
    page.get_by_label("Tình trạng").select_option(label="Đang bán")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name="Chè búp Tân Cương thượng hạng hộp 200 g")).to_be_visible()
    expect(page.get_by_role("link", name="Chè xanh")).to_have_count(0)
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.get_by_role("link", name="Chè búp Tân Cương thượng hạng hộp 200 g").click()
    expect(page.get_by_text("Quyết định đầu tiên")).to_be_visible()
    assert horizontal_overflow(page) == 0
    page.screenshot(path=f"{SHOTS}/product-390.png", full_page=True)
    page.close()
