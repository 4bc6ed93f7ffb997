"""Where to buy in Chromium on a phone (390×844), with and without JavaScript: from the home page's province
select to a province's outlets, an outlet's page and a product held there, and back to the outlets from the
product page. No page scrolls sideways and every control is at least 44×44 px.

Set SHOTS_DIR to keep a screenshot of each page (for looking at the pages, not for the test).
"""
import os

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product, make_seller
from tests.storefront.test_browser import PHONE
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment

LONG_NAME = "Trung tâm trưng bày, giới thiệu, tiêu thụ sản phẩm OCOP – Công ty CP Ced Central"


@pytest.fixture
def shop_url(database_url):
    tea = make_product("Chè Tân Cương", stars=4)
    sauce = make_product("Nước mắm Phú Quốc", stars=5,
                         seller=make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise"))
    outlet = make_outlet(stock=[(tea, 12), (sauce, 3)])
    outlet.address, outlet.opening_hours, outlet.phone = "2 Lê Thái Tổ", "7:30–21:00, cả tuần", "0912345678"
    make_outlet(LONG_NAME, slug="trung-tam-ced", kind="provincial_centre", commune="Phường Cửa Nam", stock=[(tea, 1)])
    make_outlet("Điểm bán OCOP Huế", slug="diem-ban-ocop-hue", province="Huế", commune="Phường Thuận Hóa")
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


def fits_a_phone(page, name: str) -> None:
    """No sideways scrolling, no target under 44 px; a screenshot when SHOTS_DIR asks for one."""
    assert horizontal_overflow(page) <= 0, name
    assert small_controls(page) == [], name
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=os.path.join(os.environ["SHOTS_DIR"], f"{name}.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_shopper_finds_an_outlet_in_their_province_and_what_it_holds(browser, shop_url, javascript):
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(shop_url)
    fits_a_phone(page, "home")
    page.get_by_label("Tỉnh, thành phố", exact=True).select_option(label="Hà Nội")
    page.get_by_role("button", name="Tìm điểm bán").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nơi mua sản phẩm OCOP ở Hà Nội")
    assert page.title() == "Nơi mua sản phẩm OCOP ở Hà Nội · Chợ OCOP"
    expect(page.get_by_text("2 điểm bán")).to_be_visible()
    expect(page.get_by_role("link", name="Điểm bán OCOP Huế")).to_have_count(0)
    fits_a_phone(page, "outlets-ha-noi")

    page.get_by_label("Loại điểm bán").select_option(label="Trung tâm OCOP cấp tỉnh")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nơi mua sản phẩm OCOP ở Hà Nội: Trung tâm OCOP cấp tỉnh")
    expect(page.get_by_role("link", name=LONG_NAME)).to_be_visible()
    fits_a_phone(page, "outlets-ha-noi-provincial")
    page.get_by_role("link", name="Bỏ lọc Trung tâm OCOP cấp tỉnh").click()

    page.get_by_role("link", name="Điểm bán OCOP Hồ Gươm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Điểm bán OCOP Hồ Gươm")
    expect(page.get_by_role("link", name="0912 345 678")).to_have_attribute("href", "tel:+84912345678")
    maps = page.get_by_role("link", name="Chỉ đường (mở bản đồ)")
    assert maps.get_attribute("href").startswith("https://www.google.com/maps/search/?api=1&query=2%20L")
    expect(page.locator(".card").first).to_contain_text("Nước mắm Phú Quốc")  # 5★ first
    expect(page.get_by_text("5 sao OCOP")).to_be_visible()
    fits_a_phone(page, "outlet")

    page.get_by_role("link", name="Chè Tân Cương").click()
    expect(page.get_by_role("heading", name="Xem và mua tận nơi")).to_be_visible()
    expect(page.get_by_role("link", name=LONG_NAME)).to_be_visible()
    fits_a_phone(page, "product-outlets")
    page.get_by_role("link", name=LONG_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LONG_NAME)
    fits_a_phone(page, "outlet-long-name")
    context.close()
