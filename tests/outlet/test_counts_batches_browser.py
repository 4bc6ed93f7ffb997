"""In Chromium on a phone (390×844) and a desk (1280×800): a member of staff counts honey held in two batches
(one past its best-before) and some of no batch: the alerts page shows the batch to pull; the sheet has a line
per batch, counted one by one and finished; the count's page names each batch — no sideways scrolling, 44 px
targets (tests/support/layout.py)."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from shop.inventory.services import find_or_make_batch, receive_stock
from shop.transfers.pull_alerts import review_best_before
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.outlet.test_counts_batches import units
from tests.outlet.test_counts_browser import looked_at
from tests.support.server import running_shop, shop_environment
from tests.support.signing_in import sign_in


@pytest.fixture
def shop(database_url):
    honey = make_product("Mật ong", stock=0)
    outlet = make_outlet(staff=[make_user("nv@ocop.vn", name="Nhân viên An")], stock=[(honey, 1)])
    for code, made, best_before, held in (("L-OLD", 200, -1, 2), ("L-NEW", 10, 90, 4)):
        batch = find_or_make_batch(honey, code, TODAY - timedelta(days=made), TODAY + timedelta(days=best_before))
        receive_stock(outlet, honey, held, reason="receipt", batch=batch)
    review_best_before(TODAY)
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base, outlet, honey


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desk"])
def test_count_honey_batch_by_batch(browser, shop, size):
    base, outlet, honey = shop
    phone = size[0] < 600
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, is_mobile=phone, has_touch=phone)
    sign_in(page, base, "nv@ocop.vn")
    page.goto(f"{base}/outlet/{outlet.slug}/alerts")
    expect(page.locator("tr.pull-alert")).to_contain_text("Lô L-OLD")
    expect(page.locator("tr.pull-alert")).not_to_contain_text("L-NEW")
    looked_at(page, f"count-batches-alerts-{size[0]}")
    page.goto(f"{base}/outlet/{outlet.slug}/counts/sheet")
    expect(page.get_by_text("đã quá hạn")).to_be_visible()
    page.get_by_label("Số đếm được của Mật ong, lô L-OLD").fill("0")
    page.get_by_label("Số đếm được của Mật ong, lô L-NEW").fill("4")
    page.get_by_label("Số đếm được của Mật ong", exact=True).fill("1")
    page.get_by_label("Ghi chú").fill("Lô cũ đã huỷ")
    looked_at(page, f"count-batches-sheet-{size[0]}")
    page.get_by_role("button", name="Chốt kiểm kê").click()
    expect(page.get_by_text("Đã chốt kiểm kê")).to_be_visible()
    expect(page.locator("tr.count-line", has_text="L-OLD")).to_contain_text("-2")
    looked_at(page, f"count-batches-finished-{size[0]}")
    assert units(outlet, honey) == {None: 1, "L-OLD": 0, "L-NEW": 4}
    page.close()
