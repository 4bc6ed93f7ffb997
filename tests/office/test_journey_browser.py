"""The office's journey in Chromium, from an official list to a report sent upward: upload the list, preview and
confirm it, read the province's KPIs, raise a target, see the gap in words, and print the report (A4) — on a
desktop (1280×800), then the same pages on a phone (390×844) with no sideways scrolling and 44 px controls."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.office.browser import make_office_user, office_page
from tests.office.kpi_dataset import DATASET
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment

SHOTS = Path("/work/shots/office-journey")
KPIS = "/office/kpis?as_of=2026-06-15&province=Thái Nguyên"


@pytest.fixture
def shop(database_url):
    make_office_user()
    with running_shop(shop_environment(database_url)) as base:
        yield base


def _office_at(browser, shop: str, device: dict, then: str):
    """A new browser on `device`, signed in as the office, at `then` (a query with several fields: opened after)."""
    page = office_page(browser, shop, device=device)
    expect(page.get_by_role("heading", name="Văn phòng OCOP")).to_be_visible()
    page.goto(shop + then)
    return page


def test_the_office_imports_a_list_and_prints_the_report_it_sends_upward(browser, shop):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _office_at(browser, shop, {"viewport": {"width": 1280, "height": 800}}, "/office/imports")
    page.get_by_label("Danh sách chứng nhận OCOP").set_input_files(DATASET)
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.get_by_role("button", name="Xác nhận nhập tất cả").click()
    expect(page.get_by_role("cell", name="kpi_dataset.csv")).to_be_visible()
    page.goto(shop + KPIS)  # Chè búp 4★, Rượu men lá 3★, Trà năm sao and Mật ong 5★ (no revocation by a list)
    expect(page.get_by_text("đã đạt chỉ tiêu 20%")).to_be_visible()  # 1 of 4 at 4★: 25 %
    page.screenshot(path=SHOTS / "kpis-1280.png", full_page=True)
    page.get_by_role("link", name="Đặt chỉ tiêu").click()
    page.get_by_label("Tỷ lệ 4 sao").fill("50")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(page.get_by_text("Đã lưu chỉ tiêu của Thái Nguyên năm 2026.")).to_be_visible()
    page.goto(shop + KPIS)
    expect(page.get_by_text("còn thiếu 1 sản phẩm 4★ để đạt 50%")).to_be_visible()  # ceil(0.5 × 4 − 1)
    page.get_by_role("link", name="Báo cáo để in").click()
    expect(page.get_by_role("heading", name="Báo cáo kết quả thực hiện: Thái Nguyên")).to_be_visible()
    expect(page.get_by_role("button", name="In báo cáo")).to_be_visible()
    page.screenshot(path=SHOTS / "report-1280.png", full_page=True)
    page.emulate_media(media="print")
    expect(page.locator(".private-nav")).to_be_hidden()
    expect(page.get_by_role("button", name="In báo cáo")).to_be_hidden()
    expect(page.locator(".report-expiring thead")).to_be_visible()  # a table on paper, not phone cards
    assert page.locator(".report-expiring tbody tr").count() == 1  # Chè búp ends that day; Khô cá is An Giang's
    page.screenshot(path=SHOTS / "report-print.png", full_page=True)
    pdf = page.pdf(path=SHOTS / "report.pdf", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") >= 2
    page.close()
    phone = _office_at(browser, shop, {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                                    "has_touch": True}, KPIS)
    expect(phone.get_by_text("còn thiếu 1 sản phẩm 4★ để đạt 50%")).to_be_visible()
    assert horizontal_overflow(phone) == 0 and small_controls(phone) == []
    phone.screenshot(path=SHOTS / "kpis-390.png", full_page=True)
    phone.get_by_role("link", name="Báo cáo để in").click()
    expect(phone.get_by_role("heading", name="Báo cáo kết quả thực hiện: Thái Nguyên")).to_be_visible()
    assert horizontal_overflow(phone) == 0 and small_controls(phone) == []
    phone.screenshot(path=SHOTS / "report-390.png", full_page=True)
    phone.close()
