"""In Chromium on a phone (390×844): the office opens the settlements, marks one paid, and sets a producer's
commission at the outlet — no sideways scrolling, every control at least 44 x 44 CSS px."""
import os

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from shop.settlements.services import set_rate
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.settlements.support import consignment
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment
from tests.workspace.test_browser import log_in

SHOTS = os.environ.get("SHOTS_DIR")  # set it to look at the pages (outside the repository)


@pytest.fixture
def shop(database_url):
    make_user("vp@ocop.gov.vn", office=True, name="Văn phòng OCOP")
    outlet, *_rest = consignment()
    set_rate(outlet, None, 1000)
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_office_marks_a_settlement_paid_on_a_phone(browser, shop):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log_in(phone, shop, "vp@ocop.gov.vn")
    phone.goto(f"{shop}/office/settlements")
    expect(phone.get_by_role("heading", name="Quyết toán hàng ký gửi")).to_be_visible()
    expect(phone.get_by_text("405.000 ₫")).to_be_visible()
    assert horizontal_overflow(phone) == 0 and small_controls(phone) == []
    shot(phone, "1-open")
    phone.get_by_role("button", name="Đánh dấu đã trả").first.click()
    expect(phone.get_by_text("Đã đánh dấu quyết toán QT-260615-")).to_be_visible()
    expect(phone.get_by_role("button", name="Đánh dấu đã trả")).to_have_count(1)  # the other producer's still open
    assert horizontal_overflow(phone) == 0 and small_controls(phone) == []
    shot(phone, "2-paid")
    phone.goto(f"{shop}/office/outlets/diem-ban-ho-guom")
    phone.get_by_label("Áp dụng cho").select_option(label="HTX Chè Tân Cương")
    phone.get_by_label("Hoa hồng, phần trăm (để trống để bỏ)").fill("12,5")
    phone.get_by_role("button", name="Lưu hoa hồng").click()
    expect(phone.locator("#commission + table")).to_contain_text("12,5%")
    assert horizontal_overflow(phone) == 0 and small_controls(phone) == []
    shot(phone, "3-commission")
