"""The storefront in a real browser (headless Chromium): browse, filter, product, certificate, language."""
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import TODAY
from tests.factories import make_product, make_seller
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def shop_url(database_url):
    make_product("Chè Tân Cương", stars=4, price_vnd=150_000)
    make_product("Chè búp", stars=3, price_vnd=90_000)
    make_product("Nước mắm Phú Quốc", stars=5, price_vnd=165_000,
                 seller=make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise"))
    make_product("Mật ong hết hạn", decision_date=date(2022, 1, 1))
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


def browse_to_certificate(page, shop_url):
    """Home → all products → the 4★ filter → a product → its certificate check."""
    page.goto(shop_url)
    assert "Mật ong hết hạn" not in page.content()
    page.get_by_role("link", name="Xem tất cả 3 sản phẩm").click()
    page.get_by_role("link", name="4 sao", exact=True).click()
    expect(page.get_by_text("1 sản phẩm đang bán")).to_be_visible()
    page.get_by_role("link", name="Chè Tân Cương").click()
    expect(page.get_by_role("heading", name="Chè Tân Cương", level=1)).to_be_visible()
    expect(page.get_by_text("4 sao OCOP").first).to_be_visible()
    expect(page.get_by_text("150.000 ₫")).to_be_visible()
    page.get_by_role("link", name="Kiểm tra chứng nhận").click()
    expect(page.get_by_role("heading", name="Chứng nhận OCOP còn hiệu lực")).to_be_visible()


def test_a_buyer_filters_by_4_stars_and_checks_a_certificate(page, shop_url):
    browse_to_certificate(page, shop_url)
    assert "/verify/OCOP-" in page.url


def test_the_same_on_a_phone(browser, shop_url):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    browse_to_certificate(phone, shop_url)
    for url in (shop_url, f"{shop_url}/products", f"{shop_url}/products/che-tan-cuong"):
        phone.goto(url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, url  # no sideways scrolling
    phone.goto(shop_url)
    overflowing = "[...document.querySelectorAll('.card')].filter(c => c.scrollWidth > c.clientWidth).length"
    assert phone.evaluate(overflowing) == 0  # star badges fit inside two-column cards
    phone.close()


def test_switching_to_english_keeps_the_page(page, shop_url):
    page.goto(f"{shop_url}/products/che-tan-cuong")
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/products/che-tan-cuong")
    expect(page.get_by_text("4-star OCOP").first).to_be_visible()
    expect(page.get_by_text("₫150,000")).to_be_visible()
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.get_by_text("150.000 ₫")).to_be_visible()
