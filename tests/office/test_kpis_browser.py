"""In Chromium on a phone (390×844): the KPI page as of a day, its tables as rows, no sideways scrolling, tap
targets of 44 px, and a province chosen from the form."""
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import make_outlet, make_product, make_seller
from tests.office.browser import make_office_user, office_page
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def shop(database_url):
    make_office_user()
    make_product("Chè búp", stars=4, decision_date=date(2025, 1, 10))
    make_product("Nước mắm", seller=make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise"),
                 stars=5, decision_date=date(2025, 3, 1))
    make_outlet()
    with running_shop(shop_environment(database_url)) as base:
        yield base


def test_the_kpi_page_reads_on_a_phone(browser, shop, tmp_path):
    page = office_page(browser, shop)
    page.get_by_role("link", name="Chỉ tiêu OCOP").click()
    page.get_by_label("Tính đến ngày").fill("2026-06-15")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("row", name="Tỷ lệ 5 sao Giá trị: 50%")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.screenshot(path=tmp_path / "kpis-390.png", full_page=True)
    page.get_by_label("Tỉnh").select_option("An Giang")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("row", name="Sản phẩm OCOP còn hiệu lực Giá trị: 1")).to_be_visible()
    assert "as_of=2026-06-15" in page.url and horizontal_overflow(page) == 0
    page.close()
