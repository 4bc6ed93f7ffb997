"""In Chromium on a phone (390×844): the KPI page as of a day, no sideways scrolling, tap targets of 44 px, and a
province chosen from the form; its figures stay short tables under their captions (not a card per figure) and each
target is one short card, its figure and target side by side."""
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
    expect(page.get_by_role("row", name="Tỷ lệ 5 sao 50%")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    figure = page.get_by_role("row", name="Tỷ lệ 5 sao 50%")
    assert figure.evaluate("row => getComputedStyle(row).display") == "table-row"
    label, value = (figure.locator(cell).bounding_box() for cell in ("th", "td"))
    assert label["y"] == value["y"] and value["x"] > label["x"]  # on one line, the figure on the right
    now, aim = (page.locator(f"#target-share_5_star .{cell}").bounding_box() for cell in ("kpi-now", "kpi-aim"))
    assert now["y"] == aim["y"] and aim["x"] > now["x"]  # the figure beside its target
    assert page.locator(".kpi-figure-grid table").count() == 5  # products, groups, owners, outlets, sales
    page.screenshot(path=tmp_path / "kpis-390.png", full_page=True)
    page.get_by_label("Tỉnh").select_option("An Giang")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("row", name="Sản phẩm OCOP còn hiệu lực 1")).to_be_visible()
    assert "as_of=2026-06-15" in page.url and horizontal_overflow(page) == 0
    page.close()
