"""In Chromium on a phone (390×844): the office sets a province's target, and the KPI page shows the KPI against
it with a bar and the gap in words; no sideways scrolling, tap targets of 44 px."""
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import make_product, make_seller
from tests.office.browser import make_office_user, office_page
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def shop(database_url):
    make_office_user()
    htx = make_seller("HTX Cam Vũ Quang", province="Hà Tĩnh", owner_type="htx")
    for n, stars in enumerate((4, 3, 3, 3, 3)):
        make_product(f"Cam {n}", seller=htx, stars=stars, decision_date=date(2025, 1, 10))
    with running_shop(shop_environment(database_url)) as base:
        yield base


def test_a_target_set_on_a_phone_shows_on_the_kpi_page(browser, shop):
    page = office_page(browser, shop)
    page.get_by_role("link", name="Chỉ tiêu theo tỉnh và năm").click()
    expect(page.get_by_text("không sửa được", exact=False)).to_be_visible()
    page.get_by_label("Tỉnh").select_option("Hà Tĩnh")
    page.get_by_role("button", name="Xem").click()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.get_by_label("Tỷ lệ 4 sao").fill("40")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(page.get_by_text("Đã lưu chỉ tiêu của Hà Tĩnh năm 2026.")).to_be_visible()
    page.get_by_role("link", name="Xem chỉ tiêu OCOP so với các chỉ tiêu này").click()
    expect(page.get_by_text("còn thiếu 1 sản phẩm 4★ để đạt 40%")).to_be_visible()  # ceil(0.4 × 5 − 1)
    expect(page.get_by_role("progressbar", name="Tỷ lệ 4 sao: còn thiếu 1 sản phẩm 4★ để đạt 40%")).to_have_attribute(
        "value", "50")
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.close()
