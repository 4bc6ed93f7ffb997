"""In Chromium: a printed sheet's QR codes, rasterised at print size, decode (zxing-cpp) back to their stamps'
addresses; a stamp's page — fine, copied, voided, lapsed — fits a phone without sideways scrolling."""
import base64
import io
import os
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image

from shop.extensions import db
from shop.stamps.models import StampCheck, StampOrder
from shop.stamps.services import grouped, stamp_url
from tests.conftest import TODAY
from tests.factories import make_product
from tests.stamps.support import ORDERED, stamped
from tests.stamps.test_workspace import batch  # noqa: F401  (the fixture)
from tests.support.layout import horizontal_overflow
from tests.support.server import running_shop, shop_environment
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
    db.session.commit()
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base, {"fine": fine.serial, "copied": copied.serial, "voided": voided.serial, "lapsed": lapsed.serial}


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_a_stamps_page_fits_and_says_what_it_is(browser, stamps, size):
    base, serials = stamps
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    for name, serial in serials.items():
        page.goto(f"{base}/s/{grouped(serial)}")
        assert horizontal_overflow(page) == 0, name
        alarms = page.locator(".stamp-alarm")
        assert (alarms.count() > 0) == (name != "fine"), name
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"stamp-{name}-{size[0]}.png"), full_page=True)
    page.close()
