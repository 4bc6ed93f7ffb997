"""In Chromium: a printed sheet's QR codes, rasterised at print size, decode (zxing-cpp) back to their stamps'
addresses; a stamp's page — fine, copied, voided, lapsed — fits a phone without sideways scrolling."""
import base64
import io
import os
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from shop.extensions import db
from shop.sellers.models import SellerMember
from shop.stamps.models import StampCheck, StampOrder
from shop.stamps.services import grouped, stamp_url
from tests.conftest import TODAY
from tests.factories import make_product
from tests.stamps.support import ORDERED, stamped
from tests.stamps.test_workspace import batch  # noqa: F401  (the fixture)
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment
from tests.support.signing_in import sign_in
from tests.workspace.workflow import post_form

SHOTS = os.environ.get("SHOTS_DIR")  # set it to look at the pages (outside the repository)
PX_PER_MM = 4  # about 100 dpi: a cheap printer does better


def test_every_qr_code_on_a_printed_sheet_decodes_to_its_stamps_address(app, client, browser, batch):  # noqa: F811
    post_form(client, f"/seller/stamps/batch/{batch.id}/order", f"/seller/stamps/batch/{batch.id}", quantity="30")
    order = db.session.query(StampOrder).one()
    svg = client.get(f"/seller/stamps/order/{order.id}/sheet-1.svg").text
    page = browser.new_page(viewport={"width": 210 * PX_PER_MM, "height": 297 * PX_PER_MM})
    page.set_content(f'<body style="margin:0"><img style="display:block;width:{210 * PX_PER_MM}px" '
                     f'src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"></body>')
    png = page.screenshot(full_page=True)
    page.close()
    if SHOTS:
        with open(os.path.join(SHOTS, "sheet.png"), "wb") as shot:
            shot.write(png)
    read = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)), formats=zxingcpp.BarcodeFormat.QRCode)
    with app.test_request_context():
        expected = {stamp_url(stamp.serial) for stamp in order.stamps}
    assert len(read) == 30 and {code.text for code in read} == expected
    assert all(url.startswith("http://localhost/s/") for url in expected)  # from SHOP_URL, never the request


@pytest.fixture
def stamps(database_url):
    """A fine stamp, a copied one (checked in two provinces), a voided one, and one whose certificate lapsed."""
    fine, copied, voided = stamped(3).stamps
    lapsed = stamped(1, product=make_product("Chè búp", stock=0, expires_on=TODAY - timedelta(days=3))).stamps[0]
    for hours, province in ((1, "Hà Nội"), (3, "Đà Nẵng")):
        db.session.add(StampCheck(stamp_id=copied.id, at=ORDERED + timedelta(hours=hours), province=province,
                                  visitor=f"v{hours}"))
    voided.voided_at, voided.void_reason = ORDERED, "Mất tờ tem"
    db.session.add(SellerMember(user_id=fine.order.ordered_by, seller_id=fine.batch.product.seller_id,
                                role="owner"))
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base, {"batch": fine.batch_id, "fine": fine.serial, "copied": copied.serial, "voided": voided.serial,
                     "lapsed": lapsed.serial}


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_a_stamps_page_fits_and_says_what_it_is(browser, stamps, size):
    base, serials = stamps
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    for name, serial in list(serials.items())[1:]:
        page.goto(f"{base}/s/{grouped(serial)}")
        assert horizontal_overflow(page) == 0, name
        alarms = page.locator(".stamp-alarm")
        assert (alarms.count() > 0) == (name != "fine"), name
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"stamp-{name}-{size[0]}.png"), full_page=True)
    page.close()


def test_a_producer_orders_prints_and_voids_stamps_on_a_phone(browser, stamps):
    base, serials = stamps
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, base, "lan@example.vn")
    page.goto(f"{base}/seller/stamps/batch/{serials['batch']}")
    page.get_by_label("Số tem cần in").fill("2")
    page.get_by_role("button", name="Tạo tem").click()
    expect(page.get_by_text("Đã tạo 2 tem cho lô L2606")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "seller-stamps-390.png"), full_page=True)
    newest = page.locator("section[id^=order-]").first
    newest.get_by_text("Hủy tem (mất tờ tem)").click()
    newest.get_by_label("Lý do hủy (ví dụ: mất tờ tem)").fill("Mất tờ tem")
    newest.get_by_role("button", name="Hủy tem").click()
    expect(page.get_by_text("Đã hủy 2 tem.")).to_be_visible()
    page.get_by_role("link", name="In tờ tem (A4)").first.click()
    expect(page.get_by_role("img", name="Trang 1 của tờ tem")).to_be_visible()
    assert horizontal_overflow(page) == 0 and small_controls(page) == []
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "seller-print-390.png"), full_page=True)
    page.close()
