"""Scanning at the till and on the receive screen: the pages that scan may use the camera (and only they), mark their
code inputs for js/scan.js and carry the scanning kit; the page works as a form without any of it."""
import re

from tests.accounts.support import csrf_token
from tests.factories import make_outlet, make_product
from tests.outlet.test_transfers import sent

CAMERA_ALLOWED = "camera=(self), microphone=(), geolocation=(), payment=()"


def test_the_till_may_use_the_camera_and_marks_its_product_inputs_for_scanning(client, staff):
    make_outlet(staff=[staff])
    till = client.get("/outlet/diem-ban-ho-guom/sales/new")
    assert till.headers["Permissions-Policy"] == CAMERA_ALLOWED
    page = till.text
    assert len(re.findall(r'<input name="product"[^>]* data-scan-target>', page)) == 4
    assert 'id="scan-kit" data-decoder="/static/vendor/zxing-library/zxing.min.js"' in page
    assert '<script src="/static/js/scan.js" defer></script>' in page
    assert ">Quét mã</button>" in page.split('id="scan-kit"')[1]  # the button only inside the template: JS adds it


def test_a_refused_sale_answers_the_till_with_the_camera_still_allowed(client, staff):
    make_outlet(staff=[staff])
    answer = client.post("/outlet/diem-ban-ho-guom/sales", data={
        "csrf_token": csrf_token(client, "/outlet/diem-ban-ho-guom/sales/new"), "product": "khong-co", "quantity": "1"})
    assert answer.status_code == 422
    assert answer.headers["Permissions-Policy"] == CAMERA_ALLOWED


def test_the_receive_screen_has_a_finder_shown_only_with_js_and_lines_listing_their_codes(client, staff):
    outlet = make_outlet(staff=[staff])
    tea = make_product("Chè Tân Cương", stock=10)
    transfer = sent(tea, outlet)
    answer = client.get(f"/outlet/transfers/{transfer.number}")
    assert answer.headers["Permissions-Policy"] == CAMERA_ALLOWED
    page = answer.text
    assert re.search(r'<div class="field" data-scan-finder hidden>\s*<label for="receive-find">', page)
    assert '<input id="receive-find" autocomplete="off" autocapitalize="off" data-scan-target="find"' in page
    assert f'data-scan-codes="che-tan-cuong {tea.current_certificate.code}"' in page
    assert 'name="receive-find"' not in page  # the finder is never posted


def test_other_outlet_pages_keep_the_camera_off(client, staff):
    make_outlet(staff=[staff])
    for path in ("/outlet/diem-ban-ho-guom/stock", "/outlet/diem-ban-ho-guom/sales"):
        assert client.get(path).headers["Permissions-Policy"].startswith("camera=()")


def test_the_count_sheet_may_use_the_camera_and_finds_a_line_by_its_code(client, staff):
    tea = make_product("Chè Tân Cương", stock=0)
    make_outlet(staff=[staff], stock=[(tea, 3)])
    answer = client.get("/outlet/diem-ban-ho-guom/counts/sheet")
    assert answer.headers["Permissions-Policy"] == CAMERA_ALLOWED
    assert f'data-scan-codes="che-tan-cuong {tea.current_certificate.code}"' in answer.text
    assert 'id="count-find"' in answer.text and 'name="count-find"' not in answer.text  # never posted
