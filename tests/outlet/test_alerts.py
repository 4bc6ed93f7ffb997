"""/outlet/<outlet>/alerts and the stock room's banner: staff see what to pull and return it with one button
(the whole on-hand quantity, a reason filled in); the alert is then gone. Never another outlet's alerts."""
import re

from sqlalchemy import select

from shop.extensions import db
from shop.office.services import revoke
from shop.transfers.models import PullAlert, Transfer
from tests.accounts.support import csrf_token, log_in
from tests.conftest import TODAY
from tests.transfers.test_pull_alerts import pull_alert_world  # noqa: F401 (the fixture "world")

ALERTS = "/outlet/diem-ban-a/alerts"


def revoked(world):
    revoke(world["honey"].current_certificate, world["office"], "Hồ sơ giả", TODAY)
    db.session.commit()


def test_the_stock_room_and_the_alerts_page_show_what_to_pull(client, world):
    log_in(client, "nv-a@ocop.vn")
    assert "cần rút khỏi quầy" not in client.get("/outlet/diem-ban-a/stock").text
    assert "Không có cảnh báo rút hàng nào." in client.get(ALERTS).text
    revoked(world)
    stock = client.get("/outlet/diem-ban-a/stock").text
    assert "1 sản phẩm cần rút khỏi quầy và trả nhà sản xuất:" in stock
    assert "<li>Mật ong — Chứng nhận đã bị thu hồi</li>" in stock
    assert f'href="{ALERTS}"' in stock
    page = client.get(ALERTS).text
    form = re.search(r'<form method="post" action="/outlet/diem-ban-a/returns".*?</form>', page, re.S).group(0)
    assert 'name="product" value="mat-ong"' in form and 'name="quantity" value="5"' in form
    assert 'name="note" value="Cảnh báo rút hàng: Chứng nhận đã bị thu hồi"' in form
    assert ">Trả nhà sản xuất</button>" in form
    assert "Chè Tân Cương" not in page  # certified: nothing to pull


def test_the_button_returns_every_unit_and_the_alert_is_gone(client, world):
    log_in(client, "nv-a@ocop.vn")
    revoked(world)
    answer = client.post("/outlet/diem-ban-a/returns", data={
        "product": "mat-ong", "quantity": "5", "note": "Cảnh báo rút hàng: Chứng nhận đã bị thu hồi",
        "csrf_token": csrf_token(client, ALERTS)})
    assert answer.status_code == 303
    back = db.session.scalars(select(Transfer)).one()
    assert (back.is_return, back.state, back.units, back.note) == (
        True, "sent", 5, "Cảnh báo rút hàng: Chứng nhận đã bị thu hồi")
    assert "Không có cảnh báo rút hàng nào." in client.get(ALERTS).text
    assert "cần rút khỏi quầy" not in client.get("/outlet/diem-ban-a/stock").text
    db.session.expire_all()
    assert db.session.scalars(select(PullAlert.closed_by).where(PullAlert.location_id == world["outlets"]["A"].id)
                              ).all() == ["returned"]


def test_a_return_of_more_than_is_left_is_refused_and_the_alert_stays(client, world):
    log_in(client, "nv-a@ocop.vn")
    revoked(world)
    answer = client.post("/outlet/diem-ban-a/returns", data={
        "product": "mat-ong", "quantity": "6", "note": "x", "csrf_token": csrf_token(client, ALERTS)})
    assert answer.status_code in (409, 422)
    assert "Mật ong" in client.get(ALERTS).text


def test_staff_never_see_another_outlets_alerts(client, world):
    log_in(client, "nv-a@ocop.vn")
    revoked(world)
    assert client.get("/outlet/diem-ban-b/alerts").status_code == 404
    assert "Điểm bán B" not in client.get(ALERTS).text
