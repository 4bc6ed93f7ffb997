"""In Chromium, on a phone (390×844) and a desktop (1280×800): the stock room of an outlet holding a product in
batches shows it on one line with its batches beneath, with no sideways scrolling, no control too small to tap
on the phone and no serious accessibility violation."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from shop.inventory.services import find_or_make_batch, receive_stock
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment
from tests.support.showcase import DEVICES
from tests.support.signing_in import sign_in
from tests.test_axe import serious_violations


@pytest.fixture
def shop(database_url):
    tea = make_product("Chè Tân Cương", stock=0)
    outlet = make_outlet(staff=[make_user("nv@ocop.vn")], stock=[(tea, 2), (make_product("Trà móc câu"), 6)])
    for code, days, units in (("L-2605", -3, 3), ("L-2606", 60, 4)):
        lot = find_or_make_batch(tea, code, TODAY - timedelta(days=90), TODAY + timedelta(days=days))
        receive_stock(outlet, tea, units, reason="receipt", batch=lot)
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_stock_room_shows_a_product_in_batches_on_one_line(browser, shop, device):
    context = browser.new_context(**DEVICES[device], bypass_csp=True)  # axe runs as a script of the page's own
    page = context.new_page()
    sign_in(page, shop, "nv@ocop.vn")
    page.goto(f"{shop}/outlet/diem-ban-ho-guom/stock")
    expect(page.locator("tbody tr")).to_have_count(2)  # the tea, once, and the other product
    line = page.locator("tbody tr", has=page.locator(".batch-lines"))
    expect(line.locator("td").first).to_contain_text("Chè Tân Cương")
    expect(line.locator(".batch-lines li")).to_have_count(3)
    expect(line.locator(".past-best-before")).to_have_text("đã quá hạn")
    line.locator("summary", has_text="Trả hàng").click()
    expect(line.get_by_label("Lô trả")).to_be_visible()
    assert horizontal_overflow(page) <= 0
    assert device == "desktop" or small_controls(page) == []
    assert serious_violations(page) == []
    context.close()
