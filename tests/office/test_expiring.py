"""/office/expiring: current certificates ending within 30, 60 or 90 days, each with a one-click reminder to its
producer (in the shop and by e-mail), sent at most once a day and shown on its button."""
from datetime import date, timedelta

import pytest

from shop.extensions import db
from shop.notifications.models import Notification
from shop.office.models import ExpiryReminder
from shop.sellers.models import SellerMember
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_certificate, make_product, make_seller
from tests.office.tables import read_table
from tests.support.pages import visible_text
from tests.support.smtp import smtp_server
from tests.workspace.workflow import office_client, post_form


def certified(name, expires_on, seller=None, decided=date(2023, 10, 1)):
    return make_product(name, seller=seller, decision_date=decided, expires_on=expires_on).current_certificate


@pytest.fixture
def seller():
    seller = make_seller()
    for email, role in (("chu@example.vn", "owner"), ("nv@example.vn", "staff")):
        db.session.add(SellerMember(user=make_user(email), seller=seller, role=role))
    db.session.commit()
    return seller


def test_the_list_holds_current_certificates_ending_within_the_window(app, seller):
    certified("Chè 20 ngày", TODAY + timedelta(days=20), seller)
    certified("Mật ong 50 ngày", TODAY + timedelta(days=50), make_seller("HTX Ong", province="Hà Giang"))
    certified("Nấm 80 ngày", TODAY + timedelta(days=80), seller)
    certified("Miến hết hạn hôm qua", TODAY - timedelta(days=1), seller)
    renewed = certified("Cao atiso đã gia hạn", TODAY + timedelta(days=10), seller)
    make_certificate(renewed.product, decision_date=TODAY - timedelta(days=5))  # the renewal is current now
    office = office_client(app)
    within_30 = visible_text(office.get("/office/expiring").text)
    assert "Chè 20 ngày" in within_30 and "Mật ong 50 ngày" not in within_30
    assert "Nấm 80 ngày" not in within_30 and "hết hạn hôm qua" not in within_30 and "Cao atiso" not in within_30
    within_60 = visible_text(office.get("/office/expiring?within=60").text)
    assert "Chè 20 ngày" in within_60 and "Mật ong 50 ngày" in within_60 and "HTX Ong" in within_60
    assert "Nấm 80 ngày" not in within_60
    assert "Nấm 80 ngày" in visible_text(office.get("/office/expiring?within=90").text)
    for bad in ("45", "x", "-30", "３０"):
        assert office.get(f"/office/expiring?within={bad}").status_code == 400


def test_one_click_reminds_every_member_once_a_day_and_the_button_says_when(app, seller):
    certificate = certified("Chè Tân Cương", TODAY + timedelta(days=20), seller)
    office = office_client(app)
    with smtp_server() as (port, messages):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
        first = post_form(office, f"/office/expiring/{certificate.code}/remind", "/office/expiring", within="30")
        again = post_form(office, f"/office/expiring/{certificate.code}/remind", "/office/expiring", within="30")
    assert first.status_code == again.status_code == 303 and first.location.endswith("/office/expiring?within=30")
    assert sorted(m["To"] for m in messages) == ["chu@example.vn", "nv@example.vn"]  # mailed once each
    assert "sau 20 ngày" in messages[0].get_content()
    texts = [n.text for n in db.session.query(Notification)]
    assert len(texts) == 2 and all("hết hạn sau 20 ngày" in text for text in texts)
    assert db.session.query(ExpiryReminder).count() == 1
    html = office.get("/office/expiring").text
    assert f"Đã nhắc ngày {TODAY:%d/%m/%Y}" in visible_text(html) and ">Nhắc cơ sở</button>" not in html


def test_a_reminder_the_next_day_goes_again(app, seller):
    certificate = certified("Chè Tân Cương", TODAY + timedelta(days=20), seller)
    office = office_client(app)
    post_form(office, f"/office/expiring/{certificate.code}/remind", "/office/expiring")
    app.config["SHOP_TODAY"] = TODAY + timedelta(days=1)
    post_form(office, f"/office/expiring/{certificate.code}/remind", "/office/expiring")
    assert db.session.query(Notification).count() == 4 and db.session.query(ExpiryReminder).count() == 2
    page = visible_text(office.get("/office/expiring").text)
    assert f"Đã nhắc ngày {TODAY + timedelta(days=1):%d/%m/%Y}" in page


def test_a_certificate_not_expiring_is_not_reminded(app, seller):
    certificate = certified("Nấm", TODAY + timedelta(days=200), seller, decided=date(2024, 1, 1))
    office = office_client(app)
    answer = post_form(office, f"/office/expiring/{certificate.code}/remind", "/office/expiring")
    assert answer.status_code == 303
    assert "không nằm trong danh sách sắp hết hạn" in office.get(answer.location).text
    assert db.session.query(Notification).count() == 0 and db.session.query(ExpiryReminder).count() == 0
    assert post_form(office, "/office/expiring/OCOP-NONE/remind", "/office/expiring").status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_list_downloads_as_a_table_with_the_last_reminder(app, seller, file_format):
    reminded = certified("Chè Tân Cương", TODAY + timedelta(days=20), seller)
    certified("Nấm 80 ngày", TODAY + timedelta(days=80), seller)
    office = office_client(app)
    post_form(office, f"/office/expiring/{reminded.code}/remind", "/office/expiring")
    assert 'href="/office/expiring?within=30&amp;format=csv"' in office.get("/office/expiring").text
    table = read_table(office.get(f"/office/expiring?within=30&format={file_format}"))
    assert table[0] == ["Hết hạn", "Mã chứng nhận", "Sao", "Sản phẩm", "Cơ sở", "Tỉnh", "Nhắc lần cuối"]
    assert [row[1:6] for row in table[1:]] == [[reminded.code, table[1][2], "Chè Tân Cương", seller.name,
                                               seller.province]]
    assert str(table[1][0])[:10] == f"{TODAY + timedelta(days=20)}" and str(table[1][6])[:10] == f"{TODAY}"
    assert len(read_table(office.get(f"/office/expiring?within=90&format={file_format}"))) == 3
    assert office.get("/office/expiring?format=pdf").status_code == 400


def test_a_producer_with_no_one_in_the_shop_is_not_reminded_and_the_list_says_whom_to_call(app):
    imported = make_seller("HTX Nhung Hươu", province="Hà Tĩnh")  # from an official list: no account yet
    imported.phone = "0912345678"
    certificate = certified("Nhung hươu", TODAY + timedelta(days=20), imported)
    office = office_client(app)
    page = office.get("/office/expiring").text
    assert "Cơ sở chưa có tài khoản trên sàn: hãy liên hệ trực tiếp." in visible_text(page)
    assert 'href="tel:0912345678"' in page and f"/office/expiring/{certificate.code}/remind" not in page
    answer = post_form(office, f"/office/expiring/{certificate.code}/remind", "/office/expiring")
    assert answer.status_code == 303
    assert "HTX Nhung Hươu chưa có ai dùng tài khoản trên sàn" in visible_text(office.get(answer.location).text)
    assert db.session.query(ExpiryReminder).count() == 0 and db.session.query(Notification).count() == 0
