"""In Chromium: a guest buys two products from two producers with cash on delivery and sees both parts."""
import pytest
from playwright.sync_api import expect

from tests.conftest import TODAY
from tests.factories import make_product, make_seller
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def shop(database_url, tmp_path):
    make_product("Chè Tân Cương", price_vnd=150_000, stock=10)
    make_product("Mật ong bạc hà", price_vnd=250_000, stock=5,
                 seller=make_seller("HTX Ong Mèo Vạc", province="Tuyên Quang"))
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with running_shop(env) as base:
        yield base


def add(page, base, slug, quantity):
    page.goto(f"{base}/products/{slug}")
    page.get_by_label("Số lượng").fill(str(quantity))
    page.get_by_role("button", name="Thêm vào giỏ").click()
    expect(page.get_by_role("heading", name="Giỏ hàng")).to_be_visible()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_a_guest_buys_from_two_producers_with_cash_on_delivery(browser, shop, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    add(page, shop, "che-tan-cuong", 2)
    add(page, shop, "mat-ong-bac-ha", 1)
    expect(page.get_by_text("Tổng cộng: 610.000 ₫")).to_be_visible()
    page.get_by_role("link", name="Đặt hàng").click()
    page.get_by_label("Họ và tên người nhận").fill("Trần Văn Minh")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_label("Tỉnh, thành phố").select_option("Hà Nội")
    page.get_by_label("Xã, phường", exact=True).select_option("Phường Hoàn Kiếm")
    page.get_by_label("Số nhà, đường, thôn, xóm").fill("12 Hàng Bạc")
    page.get_by_role("button", name="Đặt hàng", exact=True).click()
    expect(page.get_by_role("heading", name="Đơn hàng DH-")).to_be_visible()
    expect(page.get_by_role("heading", name="HTX Chè Tân Cương · Chờ xác nhận")).to_be_visible()
    expect(page.get_by_role("heading", name="HTX Ong Mèo Vạc · Chờ xác nhận")).to_be_visible()
    expect(page.get_by_text("Tổng cộng: 610.000 ₫")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scrolling
    context.close()
