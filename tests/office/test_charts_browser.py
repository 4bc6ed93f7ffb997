"""In Chromium on a phone (390×844): the KPI page's charts fit the screen, their text is at least 12 px, each
opens its table of figures, and the page prints in black and white (screenshots under /work/shots/trend)."""
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from tests.factories import make_certificate, make_outlet, make_product, make_seller
from tests.office.browser import make_office_user, office_page
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment

SHOTS = Path("/work/shots/trend")
SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('svg.chart text')].map(text =>
  parseFloat(getComputedStyle(text).fontSize) * text.ownerSVGElement.getBoundingClientRect().width / 320))"""


@pytest.fixture
def shop(database_url):
    make_office_user()
    tea = make_product("Chè búp", stars=4, decision_date=date(2024, 11, 10))
    make_certificate(tea, stars=5, decision_date=date(2025, 12, 1))
    make_product("Nước mắm", seller=make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise"),
                 stars=3, decision_date=date(2025, 3, 1))
    make_product("Mật ong", stars=3, decision_date=date(2023, 1, 5), expires_on=date(2026, 1, 5))
    make_outlet()
    db.session.commit()
    with running_shop(shop_environment(database_url)) as base:
        yield base


def test_the_charts_fit_a_phone_and_print(browser, shop):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = office_page(browser, shop, "/office/kpis?as_of=2026-06-15")
    expect(page.get_by_role("img", name="Sản phẩm OCOP còn hiệu lực, 24 tháng")).to_be_visible()
    assert page.locator("svg.chart").count() == 3  # no sales yet: that chart says so in words
    expect(page.get_by_text("Chưa có số liệu để vẽ biểu đồ.")).to_be_visible()
    assert page.evaluate(SMALLEST_TEXT) >= 12
    page.locator(".kpi-charts").screenshot(path=SHOTS / "charts-390.png")
    for summary in page.locator("summary", has_text="Bảng số liệu").all():
        summary.click()
    expect(page.get_by_role("row", name="2026-06 Tính đến ngày: 2026-06-15")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.locator(".chart-box").nth(2).screenshot(path=SHOTS / "shares-table-390.png")
    page.emulate_media(media="print")
    page.locator(".chart-box").nth(1).screenshot(path=SHOTS / "trend-print.png")
    page.close()
