"""In Chromium on a phone (390×844): the office uploads an official list with a bad row and reads the line, then
a good one, previews its counts with no sideways scrolling and fingertip-sized controls, and confirms it."""
import os

import pytest
from playwright.sync_api import expect

from tests.certification.test_importer import GOOD_ROWS, HEADER, first_row_with
from tests.office.browser import make_office_user, office_page
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment

SHOTS = "/work/shots/imports"


@pytest.fixture
def shop(database_url):
    make_office_user()
    with running_shop(shop_environment(database_url)) as base:
        yield base


def test_the_office_previews_and_confirms_a_list_on_a_phone(browser, shop, tmp_path):
    os.makedirs(SHOTS, exist_ok=True)
    bad, good = tmp_path / "bad.csv", tmp_path / "danh-sach-ocop-2026.csv"
    bad.write_text("\n".join([HEADER, GOOD_ROWS[2], first_row_with("stars", "7")]) + "\n", encoding="utf-8")
    good.write_text("\n".join([HEADER, GOOD_ROWS[1], GOOD_ROWS[2]]) + "\n", encoding="utf-8")
    page = office_page(browser, shop, "/office/imports")
    page.get_by_label("Danh sách chứng nhận OCOP").set_input_files(bad)
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_text("dòng 3: stars: 7 nằm ngoài 1–5")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.screenshot(path=f"{SHOTS}/preview-problems-390.png", full_page=True)
    page.get_by_role("link", name="Nhập danh sách").first.click()
    page.get_by_label("Danh sách chứng nhận OCOP").set_input_files(good)
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_role("button", name="Xác nhận nhập tất cả")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.screenshot(path=f"{SHOTS}/preview-390.png", full_page=True)
    page.get_by_role("button", name="Xác nhận nhập tất cả").click()
    expect(page.get_by_role("cell", name="danh-sach-ocop-2026.csv")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    page.screenshot(path=f"{SHOTS}/history-390.png", full_page=True)
    page.close()
