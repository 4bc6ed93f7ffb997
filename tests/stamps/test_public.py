"""/s/<serial>: a scan shows the product, batch and certificate, counts checks (a visitor's reloads once), says
when the stamp was voided, when the certificate lapsed (in red) and when its checks look like copying."""
import re
from datetime import timedelta

from shop.extensions import db
from shop.stamps.models import StampCheck
from shop.stamps.services import grouped, order_stamps
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_product
from tests.stamps.support import ORDERED, stamped
from tests.trace.story import batch_story

PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Zalo"}
LAPTOP = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox"}


def scan(client, stamp, headers=PHONE, serial=None):
    return client.get(f"/s/{serial or grouped(stamp.serial)}", headers=headers)


def test_a_scan_shows_the_product_batch_certificate_and_the_first_check(client):
    stamp = stamped(1).stamps[0]
    page = scan(client, stamp)
    assert page.status_code == 200
    for shown in ("Chè Tân Cương", "L2606", "05/06/2026", "02/12/2026", "Chứng nhận OCOP còn hiệu lực",
                  "HTX Chè Tân Cương", grouped(stamp.serial), "Tem đã được kiểm tra 1 lần, lần đầu ngày"):
        assert shown in page.text, shown
    assert "stamp-alarm" not in page.text and "sao chép" not in page.text.split("Giúp phát hiện")[0]


def test_one_visitors_reloads_count_once_within_ten_minutes(client):
    stamp = stamped(1).stamps[0]
    for _ in range(5):
        scan(client, stamp)
    assert "kiểm tra 1 lần" in scan(client, stamp, serial=stamp.serial.lower()).text
    assert "kiểm tra 2 lần" in scan(client, stamp, LAPTOP).text  # another visitor
    assert client.head(f"/s/{stamp.serial}", headers={"User-Agent": "link preview"}).status_code == 200
    for check in db.session.query(StampCheck):
        check.at -= timedelta(minutes=11)
    db.session.commit()
    assert "kiểm tra 3 lần" in scan(client, stamp).text  # the first visitor, later


def test_unknown_and_malformed_serials_are_404_and_record_nothing(client):
    stamp = stamped(1).stamps[0]
    other = ("0" if stamp.serial[0] != "0" else "1") + stamp.serial[1:]
    for serial in (other, "not-a-serial", "%00", "x" * 300):
        assert client.get(f"/s/{serial}").status_code == 404
    assert db.session.query(StampCheck).count() == 0


def test_a_voided_stamp_says_so_and_is_not_judged(client):
    order = stamped(1)
    stamp = order.stamps[0]
    stamp.voided_at, stamp.void_reason = order.ordered_at, "Mất tờ tem"
    db.session.commit()
    page = scan(client, stamp).text
    assert "Tem đã bị hủy" in page and "Mất tờ tem" in page and 'class="stamp-alarm"' in page


def test_a_lapsed_certificate_says_so_in_red(client):
    product = make_product("Chè búp", stock=0, expires_on=TODAY - timedelta(days=1))
    page = scan(client, stamped(1, product=product).stamps[0]).text
    assert '<p class="stamp-alarm"><strong>Chứng nhận OCOP đã hết hạn</strong></p>' in page


def test_checks_from_two_provinces_within_two_days_warn_of_copies_in_words(client, app):
    stamp = stamped(1).stamps[0]
    for headers, province in ((PHONE, "Hà Nội"), (LAPTOP, "Đà Nẵng")):
        page = f"/s/{stamp.serial}"
        answer = post_province(client, page, headers, province)
        assert answer.status_code == 303 and answer.location == page
    page = scan(client, stamp).text
    assert "Tem này có dấu hiệu bị sao chép" in page and "nhiều tỉnh khác nhau trong vòng 48 giờ" in page
    assert "kiểm tra 2 lần" in page  # the province went onto each visitor's check, no new one


def test_a_region_header_named_in_the_settings_is_noted(client, app):
    app.config["STAMP_REGION_HEADER"] = "CF-Region"
    stamp = stamped(1).stamps[0]
    scan(client, stamp, {**PHONE, "CF-Region": "Hanoi"})
    page = scan(client, stamp, {**LAPTOP, "CF-Region": "Ho Chi Minh City"}).text
    assert "nhiều tỉnh khác nhau" in page
    assert sorted(check.ip_region for check in db.session.query(StampCheck)) == ["Hanoi", "Ho Chi Minh City"]


def test_no_region_header_no_region(client):
    stamp = stamped(1).stamps[0]
    scan(client, stamp, {**PHONE, "CF-Region": "Hanoi"})
    assert db.session.query(StampCheck).one().ip_region is None


def test_a_province_not_on_the_list_is_refused_with_the_page(client):
    stamp = stamped(1).stamps[0]
    answer = post_province(client, f"/s/{stamp.serial}", PHONE, "Sao Hỏa")
    assert answer.status_code == 422 and "Tem điện tử" in answer.text
    assert db.session.query(StampCheck).one().province is None


def test_a_stamp_of_a_producer_not_verified_is_not_shown(client):
    order = stamped(1)
    order.batch.product.seller.status = "pending"
    db.session.commit()
    assert scan(client, order.stamps[0]).status_code == 404


def post_province(client, page, headers, province):
    """Open the stamp's page as this visitor, then send their province with the form's token."""
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(page, headers=headers).text).group(1)
    return client.post(page, data={"province": province, "csrf_token": token}, headers=headers)


def test_the_stamp_page_in_english(client):
    stamp = stamped(1).stamps[0]
    client.get("/language/en?next=/")
    page = scan(client, stamp).text
    assert "Stamp checked 1 time, first on" in page and "Batch code" in page and "Which province are you in?" in page


def test_a_stamp_shows_its_batchs_trail_from_the_ledger(client):
    lot, warehouse, outlet, _ = batch_story()
    stamp = order_stamps(lot.product.seller_id, lot, 1, user_id=make_user("lan@example.vn").id,
                         at=ORDERED).stamps[0]
    db.session.commit()
    page = scan(client, stamp).text
    trail = page.split("Hành trình của lô hàng")[1]
    sent = trail.index(f"Chuyển từ {warehouse.name} (Thái Nguyên) đến {outlet.name} (Hà Nội)")
    assert sent < trail.index(f"Trả từ {outlet.name} (Hà Nội) về {warehouse.name}")
    assert "Trần Văn Minh" not in page and "0987654321" not in page  # the online buyer is named nowhere
