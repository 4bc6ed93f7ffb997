"""The storefront in a real browser (headless Chromium): browse, filter, product, certificate, language;
on a phone (390x844) and a desktop (1280x800), with and without JavaScript."""
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import TODAY
from tests.factories import make_product, make_seller
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def shop_url(database_url):
    tea = make_seller("HTX Chè Tân Cương", province="Thái Nguyên")
    make_product("Chè Tân Cương", seller=tea, stars=4, price_vnd=150_000, subgroup="Chè")
    make_product("Chè búp", seller=tea, stars=3, price_vnd=90_000, subgroup="Chè", stock=2)
    make_product("Nước mắm Phú Quốc", stars=5, price_vnd=165_000, subgroup="Gia vị",
                 seller=make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise"))
    make_product("Rượu ngô men lá", seller=tea, stars=4, group="Đồ uống", stock=0)
    for n in range(4):
        make_product(f"Gạo nếp cái hoa vàng {n}", seller=tea, stars=4, subgroup="Thực phẩm thô, sơ chế")
    make_product("Mật ong hết hạn", decision_date=date(2022, 1, 1))
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), PRODUCTS_PER_PAGE="4")
    with running_shop(env) as base:
        yield base


def open_filters_if_folded(page):
    """On a phone the filters wait behind the "Bộ lọc" button; on a desktop they are already there."""
    page.wait_for_load_state("load")  # the stylesheet decides whether the button shows: judge it once it applies
    button = page.locator("label.sheet-button")
    if button.is_visible():
        button.click()
        expect(page.locator("#filters")).to_be_visible()


def browse_to_certificate(page, shop_url):
    """Home → all products → the 4★ filter → a product → its certificate check."""
    page.goto(shop_url)
    assert "Mật ong hết hạn" not in page.content()
    page.get_by_role("link", name="Xem tất cả 8 sản phẩm").click()
    open_filters_if_folded(page)
    page.get_by_role("link", name="4 sao (6)").click()
    expect(page.get_by_text("6 sản phẩm đang bán")).to_be_in_viewport()  # the answer shows, not hidden below
    expect(page.get_by_role("link", name="Bỏ lọc 4 sao")).to_be_in_viewport()
    page.get_by_role("link", name="Trang sau").click()
    page.get_by_role("link", name="Chè Tân Cương").click()
    expect(page.get_by_role("heading", name="Chè Tân Cương", level=1)).to_be_visible()
    expect(page.get_by_text("4 sao OCOP").first).to_be_visible()
    expect(page.locator(".product-buy .price")).to_contain_text("150.000 ₫")
    page.get_by_role("link", name="Kiểm tra chứng nhận").click()
    expect(page.get_by_role("heading", name="Chứng nhận OCOP còn hiệu lực")).to_be_visible()


def test_a_buyer_filters_by_4_stars_and_checks_a_certificate(page, shop_url):
    browse_to_certificate(page, shop_url)
    assert "/verify/OCOP-" in page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_same_on_a_phone_with_or_without_javascript(browser, shop_url, javascript):
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    browse_to_certificate(context.new_page(), shop_url)
    context.close()


def test_every_page_fits_a_phone_and_a_desktop_and_the_desktop_shows_filters_beside_results(browser, shop_url):
    for device in (PHONE, DESKTOP):
        page = browser.new_page(**device)
        for path in ("/", "/products", "/products?group=thuc-pham&stars=4&province=thai-nguyen&sort=price_asc",
                     "/products/che-tan-cuong", "/products/nuoc-mam-phu-quoc"):
            page.goto(shop_url + path)
            assert horizontal_overflow(page) <= 0, path  # no sideways scrolling
            overflowing = "[...document.querySelectorAll('.card')].filter(c => c.scrollWidth > c.clientWidth).length"
            assert page.evaluate(overflowing) == 0, path  # star badges and names fit inside the cards
        page.close()
    page = browser.new_page(**DESKTOP)
    page.goto(f"{shop_url}/products")
    expect(page.locator("#filters")).to_be_visible()
    expect(page.locator("label.sheet-button")).to_be_hidden()
    filters, results = page.locator("#filters").bounding_box(), page.locator(".results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"] and filters["y"] == pytest.approx(results["y"], abs=2)
    page.close()


def test_on_a_phone_results_come_first_every_control_is_big_enough_and_chips_undo_filters(browser, shop_url):
    phone = browser.new_page(**PHONE)
    phone.goto(f"{shop_url}/products?group=thuc-pham&stars=4")
    expect(phone.locator("#filters")).to_be_hidden()  # the sheet starts closed
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thực phẩm — Sản phẩm OCOP")
    assert phone.title() == "Thực phẩm — Sản phẩm OCOP · Chợ OCOP"
    expect(phone.locator(".card").first).to_be_in_viewport()
    expect(phone.locator("label.sheet-button")).to_have_text("Bộ lọc (2)")
    assert small_controls(phone) == []
    phone.locator("label.sheet-button").click()
    expect(phone.locator("#filters")).to_be_in_viewport()
    assert small_controls(phone) == []  # the sheet's choices too
    assert horizontal_overflow(phone) <= 0
    phone.get_by_role("link", name="Đồ uống (1)").click()  # choosing another ngành closes the sheet
    expect(phone.get_by_role("heading", level=1)).to_have_text("Đồ uống — Sản phẩm OCOP")
    expect(phone.locator("#filters")).to_be_hidden()
    expect(phone.get_by_text("Hết hàng")).to_be_in_viewport()  # the sold-out card says so

    phone.goto(f"{shop_url}/products?group=che&province=thai-nguyen")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Chè ở Thái Nguyên — Sản phẩm OCOP")
    phone.get_by_role("link", name="Bỏ lọc Thái Nguyên").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Chè — Sản phẩm OCOP")
    assert phone.url.endswith("/products?group=che")
    expect(phone.get_by_text("Còn ít")).to_be_visible()  # Chè búp: 2 left
    phone.get_by_role("link", name="Bỏ lọc Chè").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sản phẩm OCOP")
    expect(phone.locator(".chip")).to_have_count(0)
    phone.close()


def test_switching_to_english_keeps_the_page(page, shop_url):
    page.goto(f"{shop_url}/products/che-tan-cuong")
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/products/che-tan-cuong")
    expect(page.get_by_text("4-star OCOP").first).to_be_visible()
    expect(page.locator(".product-buy .price")).to_contain_text("₫150,000")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator(".product-buy .price")).to_contain_text("150.000 ₫")
