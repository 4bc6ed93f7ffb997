"""In Chromium on a phone (390×844): a member of staff sets a minimum, sees the dashboard propose a request,
counts the shelf part-way, saves, carries on and finishes the count — no sideways scrolling, and every control
at least 44 x 44 CSS px (tests/support/layout.py)."""
import os

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from tests.accounts.support import PASSWORD, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment
from tests.transfers.test_services import on_hand

SHOTS = os.environ.get("SHOTS_DIR")  # set it to look at the pages (outside the repository)


@pytest.fixture
def shop(database_url):
    tea = make_product("Chè Tân Cương", stock=0)
    sauce = make_product("Nước mắm Phú Quốc", stock=0, price_vnd=90_000)
    outlet = make_outlet(staff=[make_user("nv@ocop.vn", name="Nhân viên An")], stock=[(tea, 5), (sauce, 3)])
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base, outlet, tea


def looked_at(page, name: str) -> None:
    """The page fits the phone (no sideways scrolling, 44 px targets); its screenshot if asked for."""
    assert horizontal_overflow(page) <= 0, name
    assert small_controls(page) == [], name
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_set_a_minimum_then_count_the_shelf_part_way_and_finish_on_a_phone(browser, shop):
    base, outlet, tea = shop
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(f"{base}/account/login")
    phone.get_by_label("Email").fill("nv@ocop.vn")
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.get_by_role("link", name="Kho hàng").first.click()
    phone.get_by_label("Mức tồn tối thiểu của Chè Tân Cương").fill("8")
    phone.get_by_label("Mức tồn tối thiểu của Chè Tân Cương").press("Enter")  # submits its own form
    expect(phone.get_by_text("Đã lưu mức tồn tối thiểu.")).to_be_visible()
    phone.get_by_role("link", name="Tổng quan").click()
    expect(phone.get_by_role("link", name="Đề nghị cấp thêm 3")).to_be_visible()
    looked_at(phone, "dashboard")

    phone.get_by_role("link", name="Bắt đầu kiểm kê").click()
    phone.get_by_label("Số đếm được của Chè Tân Cương").fill("4")
    looked_at(phone, "count-sheet")
    phone.get_by_role("button", name="Lưu tạm").click()
    expect(phone.get_by_text("Đã lưu phiếu kiểm kê")).to_be_visible()
    expect(phone.get_by_label("Số đếm được của Chè Tân Cương")).to_have_value("4")
    phone.get_by_label("Số đếm được của Nước mắm Phú Quốc").fill("3")
    phone.get_by_label("Ghi chú").fill("Vỡ một gói")
    phone.get_by_role("button", name="Chốt kiểm kê").click()
    expect(phone.get_by_text("Đã chốt kiểm kê")).to_be_visible()
    looked_at(phone, "count-finished")
    db.session.expire_all()
    assert on_hand(tea, outlet) == 4
    phone.close()
