"""In Chromium on a phone (390×844) and a desktop (1280×800): the office adds an OCOP outlet and a member of
staff, with no sideways scrolling, and finds both in the audit log."""
import pytest
from playwright.sync_api import expect

from tests.accounts.support import make_user
from tests.office.browser import make_office_user, office_page
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def shop(database_url):
    make_office_user()
    make_user("nv@ocop.vn")
    with running_shop(shop_environment(database_url)) as base:
        yield base


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_the_office_adds_an_outlet_and_its_staff(browser, shop, tmp_path, width, height):
    page = office_page(browser, shop, "/office/outlets/",
                       {"viewport": {"width": width, "height": height}, "is_mobile": width < 600})
    expect(page.get_by_text("Chưa có điểm bán nào")).to_be_visible()
    page.get_by_role("link", name="Thêm điểm bán").click()
    page.get_by_label("Loại điểm").select_option(label="Trung tâm OCOP cấp tỉnh")
    page.get_by_label("Tên điểm bán hoặc trung tâm").fill("Trung tâm OCOP tỉnh Thái Nguyên")
    page.get_by_label("Tỉnh, thành phố").select_option("Thái Nguyên")
    page.get_by_label("Xã, phường").fill("Phường Phan Đình Phùng")
    page.get_by_label("Địa chỉ").fill("Số 1 Hoàng Văn Thụ")
    page.get_by_label("Giờ mở cửa").fill("7:30–17:00, cả tuần")
    page.screenshot(path=tmp_path / f"form-{width}.png", full_page=True)
    page.get_by_role("button", name="Lưu").click()
    page.get_by_label("Email của nhân viên").fill("nv@ocop.vn")
    page.get_by_role("button", name="Thêm nhân viên").click()
    expect(page.get_by_role("button", name="Bỏ khỏi điểm bán")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    page.get_by_role("link", name="Tất cả điểm bán").click()
    expect(page.get_by_role("link", name="Trung tâm OCOP tỉnh Thái Nguyên")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=tmp_path / f"list-{width}.png", full_page=True)
    page.goto(f"{shop}/office/audit")  # both changes are in the office's log, in words
    expect(page.get_by_role("cell", name="Mở điểm bán mới")).to_be_visible()
    expect(page.get_by_role("cell", name="Giao nhân viên điểm bán")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
