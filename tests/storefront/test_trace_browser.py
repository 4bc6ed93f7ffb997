"""In Chromium on a phone (390×844): the GS1 Digital Link page a barcode leads to, reached by its 13 digits and
redirected to the canonical 14, fits the screen with full-size targets and no serious axe finding; so does its 404."""
import pytest

from shop.extensions import db
from tests.conftest import TODAY
from tests.factories import make_product
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment
from tests.test_axe import serious_violations

GTIN = "8934563138165"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def shop(database_url, app):
    tea = make_product("Chè Tân Cương Đặc Biệt Thượng Hạng Hái Tay Vụ Xuân", stock=10)
    tea.gtin = GTIN
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


@pytest.mark.parametrize("path, canonical, status", [
    (f"/01/{GTIN}", f"/01/0{GTIN}", 200),
    ("/01/8934563138164", "/01/8934563138164", 404),
])
def test_the_trace_page_fits_a_phone(browser, shop, path, canonical, status):
    context = browser.new_context(**PHONE, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    answer = page.goto(shop + path)
    assert answer.status == status and page.url == shop + canonical
    assert horizontal_overflow(page) <= 0 and small_controls(page) == []
    assert serious_violations(page) == []
    context.close()
