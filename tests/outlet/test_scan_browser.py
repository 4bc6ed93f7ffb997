"""In Chromium: js/scan.js reads the certificate QR of /verify and EAN-13 barcodes — from generated images with the
vendored ZXing where the browser has no BarcodeDetector, with the browser's own where it reads both formats — and
on a phone (390×844) the till's "Quét mã" opens the camera (Chromium's fake camera playing a generated video), fills
the product with the certificate code read and moves on to the quantity. Without a camera API or JS no button shows
and typing works; on the receive screen a code typed or scanned into the finder jumps to its line."""
import base64
import os

import pytest
from playwright.sync_api import expect

from shop.storefront.certification import verify_url
from tests.accounts.support import PASSWORD, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.outlet.test_transfers import sent
from tests.support.codes import ean13_png, qr_png, y4m_video
from tests.support.layout import horizontal_overflow
from tests.support.server import running_shop, shop_environment
from tests.test_axe import serious_violations

SHOTS = os.environ.get("SHOTS_DIR")  # set it to look at the pages (outside the repository)
TILL = "/outlet/diem-ban-ho-guom/sales/new"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
NO_DETECTOR = "delete window.BarcodeDetector;"
FAKE_DETECTOR = """window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(window.fakeFormats || ["qr_code", "ean_13"]); }
  detect() { return Promise.resolve([{rawValue: "https://cho.ocop.vn/verify/OCOP-FAKE-1", format: "qr_code"}]); }
};"""
DECODE = """async ([png]) => {
  const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
  const image = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
  return [await window.ocopScan.decodeImage(image), await window.ocopScan.engine(), typeof window.ZXing];
}"""


@pytest.fixture
def shop(database_url, app):
    tea = make_product("Chè Tân Cương", stock=10)
    outlet = make_outlet(staff=[make_user("nv@ocop.vn", name="Nhân viên An")], stock=[(tea, 5)])
    transfer = sent(tea, outlet)
    with app.test_request_context():
        qr = qr_png(verify_url(tea.current_certificate.code))
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base, tea.current_certificate.code, qr, transfer.number


def logged_in(context, base, path=TILL):
    page = context.new_page()
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill("nv@ocop.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Điểm bán OCOP Hồ Gươm", exact=True)).to_be_visible()  # its dashboard
    page.goto(f"{base}{path}")
    return page


def decoded(page, png: bytes):
    return page.evaluate(DECODE, [base64.b64encode(png).decode()])


def test_without_barcode_detector_zxing_reads_a_verify_qr_and_an_ean13(browser, shop):
    base, code, qr, _ = shop
    context = browser.new_context()
    context.add_init_script(NO_DETECTOR)
    till = logged_in(context, base)
    assert decoded(till, qr) == [code, "zxing", "object"]  # the certificate code out of the /verify URL
    for missed in ("OCOP-POBP-ZER9", "OCOP-ILZA-AV6B"):  # QR codes ZXing misses at first look (one in ~100)
        assert decoded(till, qr_png(f"https://cho.ocop.vn/verify/{missed}"))[0] == missed
    assert decoded(till, ean13_png("893456789012")) == ["8934567890120", "zxing", "object"]
    assert decoded(till, ean13_png("400638133393")) == ["4006381333931", "zxing", "object"]
    blank = ean13_png("893456789012", height_px=0)  # white, no bars
    assert decoded(till, blank)[0] is None
    context.close()


def test_the_browsers_own_detector_is_used_where_it_reads_both_formats(browser, shop):
    base, *_ = shop
    context = browser.new_context()
    context.add_init_script(FAKE_DETECTOR)
    till = logged_in(context, base)
    assert decoded(till, ean13_png("893456789012")) == ["OCOP-FAKE-1", "BarcodeDetector", "undefined"]
    context.close()


def test_a_detector_without_ean13_leaves_the_reading_to_zxing(browser, shop):
    base, *_ = shop
    context = browser.new_context()
    context.add_init_script("window.fakeFormats = ['qr_code'];" + FAKE_DETECTOR)
    till = logged_in(context, base)
    assert decoded(till, ean13_png("893456789012")) == ["8934567890120", "zxing", "object"]
    context.close()


@pytest.fixture
def camera(playwright, browser_type_launch_args, tmp_path):
    """A Chromium whose camera plays a video of the image given (permission granted, as a member of staff would);
    each its own browser, since the video is a launch option."""
    launched = []

    def filming(png: bytes, **options):
        video = tmp_path / f"camera-{len(launched)}.y4m"
        video.write_bytes(y4m_video(png))
        args = browser_type_launch_args["args"] + [
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"]
        launched.append(playwright.chromium.launch(**{**browser_type_launch_args, "args": args}))
        context = launched[-1].new_context(**PHONE, **options)
        context.add_init_script(NO_DETECTOR)
        return context
    yield filming
    for browser in launched:
        browser.close()


def test_a_phone_scans_a_certificate_qr_into_the_till(camera, shop):
    base, code, qr, _ = shop
    till = logged_in(camera(qr), base)
    buttons = till.get_by_role("button", name="Quét mã")
    expect(buttons).to_have_count(4)
    assert horizontal_overflow(till) <= 0
    buttons.nth(1).click()
    expect(till.get_by_label("Sản phẩm 2")).to_have_value(code, timeout=15_000)
    expect(till.locator("dialog")).to_have_count(0)
    expect(till.get_by_label("Số lượng").nth(1)).to_be_focused()
    till.get_by_label("Số lượng").nth(1).fill("2")
    till.get_by_role("button", name="Bán và in biên lai").click()
    expect(till.get_by_role("heading", name="Biên lai BL-")).to_be_visible()


def test_the_camera_dialog_fills_a_phone_and_closes_without_a_code(camera, shop):
    base, *_ = shop
    till = logged_in(camera(ean13_png("893456789012", height_px=0), bypass_csp=True), base)  # for axe
    till.get_by_role("button", name="Quét mã").first.click()
    dialog = till.get_by_role("dialog", name="Quét mã")
    expect(dialog).to_be_visible()
    expect(dialog.locator("video")).to_have_js_property("readyState", 4)  # the camera is playing
    assert horizontal_overflow(till) <= 0
    close = dialog.get_by_role("button", name="Đóng").bounding_box()
    assert close["width"] >= 44 and close["height"] >= 44
    assert serious_violations(till) == []
    if SHOTS:
        till.screenshot(path=os.path.join(SHOTS, "till-scanning.png"))
    dialog.get_by_role("button", name="Đóng").click()
    expect(till.locator("dialog")).to_have_count(0)
    expect(till.get_by_label("Sản phẩm 1")).to_have_value("")
    assert till.evaluate("document.querySelectorAll('video').length") == 0


def test_without_a_camera_api_or_js_no_button_shows_and_typing_works(browser, shop):
    base, *_ = shop
    context = browser.new_context(**PHONE)
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'mediaDevices', {get: () => undefined});")
    till = logged_in(context, base)
    expect(till.get_by_role("button", name="Quét mã")).to_have_count(0)
    till.get_by_label("Sản phẩm 1").fill("che-tan-cuong")
    context.close()
    context = browser.new_context(java_script_enabled=False, **PHONE)
    till = logged_in(context, base)
    expect(till.get_by_role("button", name="Quét mã")).to_have_count(0)
    expect(till.get_by_role("dialog")).to_have_count(0)
    context.close()


def test_a_code_in_the_receive_finder_jumps_to_its_line(browser, shop):
    base, code, _, number = shop
    context = browser.new_context(**PHONE)
    page = logged_in(context, base, f"/outlet/transfers/{number}")
    finder = page.get_by_label("Tìm dòng hàng theo mã")
    expect(page.get_by_role("button", name="Quét mã")).to_have_count(1)
    finder.fill("khong-co")
    finder.press("Enter")
    expect(page.get_by_text("Phiếu này không có sản phẩm mang mã đó.")).to_be_visible()
    finder.fill(code.lower())
    finder.press("Enter")
    expect(page.get_by_label("Chè Tân Cương (gửi 4 sản phẩm)")).to_be_focused()
    expect(page.get_by_text("Phiếu này không có sản phẩm mang mã đó.")).to_have_count(0)
    assert "/outlet/transfers/" in page.url and horizontal_overflow(page) <= 0  # Enter did not post the form
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "receive-finder.png"), full_page=True)
    context.close()
    context = browser.new_context(java_script_enabled=False, **PHONE)
    expect(logged_in(context, base, f"/outlet/transfers/{number}").get_by_label("Tìm dòng hàng theo mã")).to_be_hidden()
    context.close()


def test_a_code_in_the_count_sheets_finder_jumps_to_its_line(browser, shop):
    base, code, _, _ = shop
    context = browser.new_context(**PHONE)
    page = logged_in(context, base, "/outlet/diem-ban-ho-guom/counts/sheet")
    finder = page.get_by_label("Tìm dòng hàng theo mã")
    finder.fill("khong-co")
    finder.press("Enter")
    expect(page.get_by_text("Phiếu kiểm kê không có sản phẩm mang mã đó.")).to_be_visible()
    finder.fill(code)
    finder.press("Enter")
    expect(page.get_by_label("Số đếm được của Chè Tân Cương")).to_be_focused()  # not its hidden twin
    assert page.url.endswith("/counts/sheet")  # Enter did not post the sheet
    context.close()
