"""/office/alerts, linked from /office with a count: every outlet's pull alerts still open, none closed."""
from shop.extensions import db
from shop.office.services import revoke
from shop.transfers.services import return_stock
from tests.conftest import TODAY
from tests.transfers.test_pull_alerts import pull_alert_world  # noqa: F401 (the fixture "world")
from tests.workspace.workflow import office_client


def test_the_office_sees_every_open_alert(app, world):
    office = office_client(app)
    assert "Không có cảnh báo rút hàng nào." in office.get("/office/alerts").text
    for product in ("honey", "tea"):
        revoke(world[product].current_certificate, world["office"], "Vi phạm", TODAY)
    return_stock(world["outlets"]["C"], world["tea"], 4, note="Thu hồi", user_id=None, today=TODAY)
    db.session.commit()
    page = office.get("/office/alerts").text
    rows = {(outlet, product) for outlet in ("Điểm bán A", "Điểm bán B", "Điểm bán C")
            for product in ("Mật ong", "Chè Tân Cương")
            if f'<td data-label="Sản phẩm">{product}</td>\n    <td data-label="Điểm bán">{outlet}</td>' in page}
    assert rows == {("Điểm bán A", "Mật ong"), ("Điểm bán B", "Mật ong"), ("Điểm bán A", "Chè Tân Cương")}
    assert '<a href="/office/alerts">Cảnh báo rút hàng đang mở</a>: 3' in office.get("/office/").text
