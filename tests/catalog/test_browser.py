"""The storefront in a real browser (headless Chromium), on a desktop and on a phone."""
from datetime import date

import pytest

from tests.conftest import TODAY
from tests.factories import make_product, make_seller
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def shop_url(database_url):
    make_product("Chè Tân Cương", stars=4, price_vnd=150_000)
    make_product("Nước mắm Phú Quốc", stars=5, price_vnd=165_000,
                 seller=make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise"))
    make_product("Mật ong hết hạn", decision_date=date(2022, 1, 1))
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


def browse_to_certificate(page, shop_url):
    page.goto(shop_url)
    assert "Mật ong hết hạn" not in page.content()
    page.get_by_role("link", name="Xem tất cả 2 sản phẩm").click()
    page.get_by_role("link", name="Chè Tân Cương").click()
    assert page.get_by_role("heading", name="Chè Tân Cương", level=1).is_visible()
    assert page.get_by_text("4 sao OCOP").is_visible()
    assert page.get_by_text("150.000 ₫").is_visible()
    return page.locator(".certificate")


def test_a_buyer_browses_to_a_product_and_its_certificate(page, shop_url):
    certificate = browse_to_certificate(page, shop_url)
    assert certificate.is_visible()
    assert "Hiệu lực đến" in certificate.inner_text()


def test_the_storefront_fits_a_phone_screen(browser, shop_url):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    certificate = browse_to_certificate(phone, shop_url)
    assert certificate.bounding_box()["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.goto(shop_url)
    overflowing = "[...document.querySelectorAll('.card')].filter(c => c.scrollWidth > c.clientWidth).length"
    assert phone.evaluate(overflowing) == 0  # star badges fit inside two-column cards
    phone.close()
