"""In Chromium on a phone (390×844): a member of staff sells two lines at the till, gets the receipt, prints it
(print media: only the receipt, on 80 mm paper), then voids it with a reason — no sideways scrolling, and the
till's controls are at least 44 x 44 CSS px."""
import io
import os

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from shop.extensions import db
from tests.accounts.support import PASSWORD, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.support.server import running_shop, shop_environment
from tests.transfers.test_services import on_hand

SHOTS = os.environ.get("SHOTS_DIR")  # set it to look at the pages (outside the repository)
CONTROLS = (".till input:not([type=radio]), .till-payment label, .till button,"
            " .outlet-nav a, .paper-switch a, .receipt-actions summary, .receipt-actions button")
SMALL_TARGETS = f"""() => [...document.querySelectorAll('{CONTROLS}')]
  .map(el => [el, el.getBoundingClientRect()]).filter(([el, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
  .map(([el, r]) => `${{el.tagName}} "${{(el.innerText || el.name).trim()}}" ${{r.width}}x${{r.height}}`)"""


@pytest.fixture
def shop(database_url):
    tea = make_product("Chè Tân Cương", stock=0)
    sauce = make_product("Nước mắm Phú Quốc", stock=0, price_vnd=90_000)
    outlet = make_outlet(staff=[make_user("nv@ocop.vn", name="Nhân viên An")], stock=[(tea, 5), (sauce, 3)])
    outlet.bank_bin, outlet.bank_account, outlet.bank_account_name = "970415", "113366668888", "DIEM BAN HO GUOM"
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base, outlet, tea, sauce


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def paper_size(page) -> tuple[int, int]:
    """The size in mm of the first page Chromium prints, as the page's CSS asks for it."""
    box = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)


def test_sell_two_lines_print_the_receipt_and_void_it_on_a_phone(browser, shop):
    base, outlet, tea, sauce = shop
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(f"{base}/account/login")
    phone.get_by_label("Email").fill("nv@ocop.vn")
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.get_by_role("link", name="Bán tại quầy").first.click()
    expect(phone.get_by_role("heading", name="Bán tại quầy: Điểm bán OCOP Hồ Gươm")).to_be_visible()
    phone.get_by_label("Sản phẩm 1").fill("che-tan-cuong")
    phone.get_by_label("Số lượng").first.fill("2")
    phone.get_by_label("Sản phẩm 2").fill(sauce.current_certificate.code)
    phone.get_by_label("Số lượng").nth(1).fill("1")
    phone.get_by_label("Chuyển khoản").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.evaluate(SMALL_TARGETS) == []
    shot(phone, "1-till")
    phone.get_by_role("button", name="Bán và in biên lai").click()

    expect(phone.get_by_role("heading", name="Biên lai BL-260615-")).to_be_visible()
    receipt = phone.locator("article.receipt")
    expect(receipt.locator(".receipt-total")).to_have_text("390.000 ₫")
    expect(receipt.get_by_text("Sản phẩm OCOP 4 sao")).to_have_count(2)
    expect(receipt.locator(".receipt-qr svg")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.evaluate(SMALL_TARGETS) == []
    shot(phone, "2-receipt")

    phone.emulate_media(media="print")
    expect(phone.locator(".site-header")).to_be_hidden()
    expect(phone.locator(".receipt-actions")).to_be_hidden()
    expect(receipt).to_be_visible()
    shot(phone, "3-print-80mm")
    assert paper_size(phone) == (80, 297)  # the thermal roll's width, as @page thermal says
    phone.goto(phone.url + "?paper=a4")
    assert paper_size(phone) == (210, 297)
    phone.go_back()
    phone.emulate_media(media="screen")
    assert on_hand(tea, outlet) == 3 and on_hand(sauce, outlet) == 2

    phone.get_by_text("Huỷ biên lai").first.click()
    phone.get_by_label("Lý do huỷ").fill("Khách đổi ý")
    phone.get_by_role("button", name="Huỷ biên lai").click()
    expect(receipt.get_by_text("ĐÃ HUỶ", exact=True)).to_be_visible()
    expect(phone.get_by_text("Đã huỷ biên lai; hàng đã về lại kho của điểm bán.")).to_be_visible()
    shot(phone, "4-voided")
    assert on_hand(tea, outlet) == 5 and on_hand(sauce, outlet) == 3

    phone.get_by_role("link", name="Kho hàng").click()  # where staff set the outlet's own counter price
    price = phone.get_by_label("Giá tại quầy của Chè Tân Cương")
    price.fill("140.000")
    price.locator("xpath=..").get_by_role("button", name="Lưu giá").click()
    expect(phone.get_by_text("Đã lưu giá bán tại quầy.")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "5-stock-room")
    phone.close()
