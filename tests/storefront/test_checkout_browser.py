"""On a phone, in Chromium, with and without JavaScript: search → product → add → + → checkout with the commune
chosen from the province's list → the order; and the cart and checkout fit a phone and a desktop."""
import pytest
from playwright.sync_api import expect

from tests.conftest import TODAY
from tests.factories import make_product, make_seller
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SHOTS = "/work/shots/cart"


@pytest.fixture
def shop(database_url, tmp_path):
    tea = make_seller("Hợp tác xã Chè Tân Cương Thái Nguyên", province="Thái Nguyên")
    tea.shipping_fee_vnd, tea.free_shipping_over_vnd = 25_000, 500_000
    make_product("Chè Tân Cương", seller=tea, price_vnd=150_000, stock=10)
    make_product("Mật ong hoa bạc hà Mèo Vạc đóng chai thủy tinh 500 ml", price_vnd=250_000, stock=5,
                 seller=make_seller("HTX Ong Mèo Vạc", province="Tuyên Quang"))
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with running_shop(env) as base:
        yield base


def buy_tea(page, base, script: bool):
    """Search → product → add → + → checkout, choosing Huế's Phường Thuận Hóa from the list."""
    page.goto(base)
    page.get_by_label("Tìm sản phẩm OCOP").fill("chè tân cương")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("link", name="Chè Tân Cương").first.click()
    expect(page.get_by_text("Phí vận chuyển: 25.000 ₫")).to_be_visible()
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.get_by_role("button", name="Thêm một Chè Tân Cương").click()
    expect(page.get_by_label("Số lượng")).to_have_value("2")
    expect(page.get_by_text("Thành tiền: 300.000 ₫")).to_be_visible()
    expect(page.get_by_text("Mua thêm 200.000 ₫ để được miễn phí vận chuyển")).to_be_visible()
    if script:  # the header's count, from the cookie
        expect(page.get_by_role("link", name="Giỏ hàng, 2 sản phẩm")).to_be_visible()
    page.get_by_role("link", name="Đặt hàng").click()
    page.get_by_label("Họ và tên người nhận").fill("Trần Văn Minh")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_label("Tỉnh, thành phố").select_option("Huế")
    if not script:
        page.get_by_role("button", name="Chọn", exact=True).click()  # the page comes back with Huế's communes
        expect(page.get_by_label("Họ và tên người nhận")).to_have_value("Trần Văn Minh")
    else:
        expect(page.get_by_role("button", name="Chọn", exact=True)).to_be_hidden()
    page.get_by_label("Xã, phường", exact=True).select_option("Phường Thuận Hóa")
    page.get_by_label("Số nhà, đường, thôn, xóm").fill("12 Lê Lợi")
    expect(page.get_by_text("Tổng cộng: 325.000 ₫")).to_be_visible()
    page.get_by_role("button", name="Đặt hàng", exact=True).click()
    expect(page.get_by_role("heading", name="Đơn hàng DH-")).to_be_visible()
    expect(page.get_by_text("Phường Thuận Hóa, Huế")).to_be_visible()


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_a_phone_buys_choosing_the_commune_from_the_list(browser, shop, script):
    context = browser.new_context(**PHONE, java_script_enabled=script)
    page = context.new_page()
    buy_tea(page, shop, script)
    if script:  # the order emptied the cart: no count left
        expect(page.locator("[data-cart-count]")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_cart_and_checkout_fit_the_screen_with_big_enough_targets(browser, shop, device, script):
    context = browser.new_context(**device, java_script_enabled=script)
    page = context.new_page()
    for slug in ("che-tan-cuong", "mat-ong-hoa-bac-ha-meo-vac-dong-chai-thuy-tinh-500-ml"):
        page.goto(f"{shop}/products/{slug}")
        page.get_by_role("button", name="Thêm vào giỏ").click()
    name = f"{'phone' if device is PHONE else 'desktop'}-{'js' if script else 'nojs'}"
    for path in ("/cart", "/checkout?province=Huế"):
        page.goto(shop + path)
        page.screenshot(path=f"{SHOTS}/{name}{path.split('?')[0].replace('/', '-')}.png", full_page=True)
        assert horizontal_overflow(page) == 0, path
        if device is PHONE:
            assert small_controls(page) == [], path
    context.close()
