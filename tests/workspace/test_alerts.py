"""/seller/alerts and the dashboard's count: a producer sees the pull alerts on its products at every outlet,
never another producer's."""
from shop.extensions import db
from shop.office.services import revoke
from tests.accounts.support import log_in
from tests.conftest import TODAY
from tests.transfers.test_pull_alerts import pull_alert_world  # noqa: F401 (the fixture "world")


def test_the_producer_sees_its_alerts_at_every_outlet_and_counts_them(client, world):
    log_in(client, "a@example.vn")
    assert "0 tại điểm bán" in client.get("/seller/").text
    revoke(world["tea"].current_certificate, world["office"], "Vi phạm", TODAY)  # another producer's product
    db.session.commit()
    assert "Không có cảnh báo rút hàng nào." in client.get("/seller/alerts").text
    revoke(world["honey"].current_certificate, world["office"], "Hồ sơ giả", TODAY)
    db.session.commit()
    page = client.get("/seller/alerts").text
    assert page.count('data-label="Điểm bán">Điểm bán A<') == 1 and 'data-label="Điểm bán">Điểm bán B<' in page
    assert "Chè Tân Cương" not in page
    assert "Chứng nhận đã bị thu hồi" in page and "Trả nhà sản xuất</button>" not in page
    assert '<a href="/seller/alerts">Cảnh báo rút hàng</a>: 2 tại điểm bán' in client.get("/seller/").text
