"""Pull alerts: every outlet holding a product whose certificate lapses (expired through the daily
`ocop expiry-check`, revoked, re-rated below 3★) or expires within 30 days is told to return it — once —
and the alert closes when the units are back with the producer or the office re-certifies the product."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shop.clock import now
from shop.extensions import db
from shop.notifications.models import Notification
from shop.office.services import approve_certificate, revoke
from shop.sellers.models import SellerMember
from shop.transfers.models import PullAlert
from shop.transfers.pull_alerts import EXPIRING_DAYS, alert_kind, review_alerts, review_due
from shop.transfers.services import cancel_transfer, return_stock
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_certificate, make_outlet, make_product, make_seller

EXPIRES = date(2026, 8, 1)  # 36 months after the decision below: 47 days after TODAY


@pytest.fixture(name="world")
def pull_alert_world():
    """Honey (expiring on EXPIRES) at outlets A and B, tea (certified until 2029) alone at outlet C; staff at A,
    a member of the honey's producer, and the office."""
    honey = make_product("Mật ong", seller=make_seller("HTX Mật Ong Bắc Kạn", province="Bắc Kạn"), stock=20,
                         decision_date=date(2023, 8, 1))
    tea = make_product("Chè Tân Cương", stock=20)
    staff = make_user("nv-a@ocop.vn")
    member = make_user("a@example.vn")
    db.session.add(SellerMember(user=member, seller=honey.seller, role="owner"))
    outlets = {"A": make_outlet("Điểm bán A", slug="diem-ban-a", staff=[staff], stock=[(honey, 5), (tea, 2)]),
               "B": make_outlet("Điểm bán B", slug="diem-ban-b", stock=[(honey, 3)]),
               "C": make_outlet("Điểm bán C", slug="diem-ban-c", stock=[(tea, 4)])}
    return {"honey": honey, "tea": tea, "outlets": outlets, "staff": staff, "member": member,
            "office": make_user("vp@ocop.gov.vn", office=True)}


def open_alerts() -> dict[tuple[str, str], str]:
    """{(outlet slug, product name): kind} of the open alerts, as the database has them."""
    db.session.expire_all()
    return {(alert.location.slug, alert.product.name): alert.kind
            for alert in db.session.scalars(select(PullAlert).where(PullAlert.closed_at.is_(None)))}


def closings() -> list[tuple[str, str]]:
    db.session.expire_all()
    closed = db.session.scalars(select(PullAlert).where(PullAlert.closed_at.isnot(None)))
    return sorted((alert.location.slug, alert.closed_by) for alert in closed)  # outlets close in no fixed order


def check(runner, app, day):
    app.config["SHOP_TODAY"] = day
    result = runner.invoke(args=["ocop", "expiry-check"])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_expired_certificate_raises_an_alert_at_every_outlet_holding_it_once(app, runner, world):
    assert open_alerts() == {}
    output = check(runner, app, EXPIRES + timedelta(days=1))
    assert "2 pull alert(s) raised at outlets" in output
    assert open_alerts() == {("diem-ban-a", "Mật ong"): "expired", ("diem-ban-b", "Mật ong"): "expired"}
    assert "0 pull alert(s) raised" in check(runner, app, EXPIRES + timedelta(days=2))  # run twice: no second alert
    assert db.session.scalar(select(db.func.count()).select_from(PullAlert)) == 2


def test_the_day_of_expiry_is_still_in_force(app, runner, world):
    check(runner, app, EXPIRES)
    assert open_alerts() == {("diem-ban-a", "Mật ong"): "expiring", ("diem-ban-b", "Mật ong"): "expiring"}


def test_expiring_within_30_days_warns_and_the_warning_becomes_expired(app, runner, world):
    check(runner, app, EXPIRES - timedelta(days=EXPIRING_DAYS + 1))
    assert open_alerts() == {}  # 31 days left: too early
    check(runner, app, EXPIRES - timedelta(days=EXPIRING_DAYS))
    assert open_alerts() == {("diem-ban-a", "Mật ong"): "expiring", ("diem-ban-b", "Mật ong"): "expiring"}
    check(runner, app, EXPIRES + timedelta(days=1))
    assert open_alerts() == {("diem-ban-a", "Mật ong"): "expired", ("diem-ban-b", "Mật ong"): "expired"}
    assert closings() == []  # the same alerts, brought up to date


def test_revocation_raises_the_alert_at_once_and_tells_staff_and_producer(world):
    tea = world["tea"]
    revoke(tea.current_certificate, world["office"], "Vi phạm an toàn thực phẩm", TODAY)
    db.session.commit()
    assert open_alerts() == {("diem-ban-a", "Chè Tân Cương"): "revoked", ("diem-ban-c", "Chè Tân Cương"): "revoked"}
    told = db.session.scalars(select(Notification).where(Notification.kind == "pull_alert")).all()
    assert [(n.user_id, n.link) for n in told] == [(world["staff"].id, "/outlet/diem-ban-a/alerts")]
    # the tea's producer has no member in this world; the honey's does, and hears of the honey's alerts
    revoke(world["honey"].current_certificate, world["office"], "Hồ sơ giả", TODAY)
    db.session.commit()
    heard = db.session.scalars(select(Notification.text).where(Notification.user_id == world["member"].id,
                                                               Notification.kind == "pull_alert")).all()
    assert sorted(heard) == ["Điểm bán A: Mật ong — Chứng nhận đã bị thu hồi. Hãy rút khỏi quầy và trả nhà sản xuất.",
                             "Điểm bán B: Mật ong — Chứng nhận đã bị thu hồi. Hãy rút khỏi quầy và trả nhà sản xuất."]


def test_a_re_rating_below_three_stars_raises_a_downgraded_alert(world):
    tea = world["tea"]
    two_stars = make_certificate(tea, stars=2, status="pending", decision_date=date(2026, 5, 1))
    approve_certificate(two_stars, world["office"], TODAY)
    db.session.commit()
    assert open_alerts() == {("diem-ban-a", "Chè Tân Cương"): "downgraded",
                             ("diem-ban-c", "Chè Tân Cương"): "downgraded"}


def test_returning_every_unit_closes_the_outlets_alert_and_only_it(world):
    honey, outlets = world["honey"], world["outlets"]
    revoke(honey.current_certificate, world["office"], "Hồ sơ giả", TODAY)
    return_stock(outlets["A"], honey, 2, note="Một phần", user_id=None, today=TODAY)
    db.session.commit()
    assert ("diem-ban-a", "Mật ong") in open_alerts()  # 3 units still on its shelf
    return_stock(outlets["A"], honey, 3, note="Thu hồi", user_id=None, today=TODAY)
    db.session.commit()
    assert open_alerts() == {("diem-ban-b", "Mật ong"): "revoked"}
    assert closings() == [("diem-ban-a", "returned")]


def test_a_return_taken_back_brings_the_alert_back_at_the_next_check(app, runner, world):
    honey, outlets = world["honey"], world["outlets"]
    revoke(honey.current_certificate, world["office"], "Hồ sơ giả", TODAY)
    back = return_stock(outlets["A"], honey, 5, note="Thu hồi", user_id=None, today=TODAY)
    cancel_transfer(back, by="outlet", user_id=None)
    db.session.commit()
    check(runner, app, TODAY)
    assert open_alerts() == {("diem-ban-a", "Mật ong"): "revoked", ("diem-ban-b", "Mật ong"): "revoked"}


def test_re_certification_closes_every_alert_on_the_product(app, runner, world):
    honey = world["honey"]
    check(runner, app, EXPIRES + timedelta(days=1))
    renewal = make_certificate(honey, status="pending", decision_date=EXPIRES)
    approve_certificate(renewal, world["office"], EXPIRES + timedelta(days=1))
    db.session.commit()
    assert open_alerts() == {}
    assert closings() == [("diem-ban-a", "recertified"), ("diem-ban-b", "recertified")]
    assert "0 pull alert(s) raised" in check(runner, app, EXPIRES + timedelta(days=2))
    assert open_alerts() == {}


def test_the_daily_check_closes_alerts_of_a_product_recertified_by_an_imported_list(world):
    honey = world["honey"]
    assert review_due(EXPIRES + timedelta(days=1)) == 2
    make_certificate(honey, decision_date=EXPIRES)  # recorded verified, as `ocop import` does
    assert review_due(EXPIRES + timedelta(days=1)) == 0
    assert open_alerts() == {}


def test_the_kind_follows_the_current_certificate(world):
    honey, tea = world["honey"], world["tea"]
    assert alert_kind(tea, TODAY) is None
    assert alert_kind(honey, EXPIRES - timedelta(days=31)) is None
    assert alert_kind(honey, EXPIRES - timedelta(days=30)) == "expiring"
    assert alert_kind(honey, EXPIRES + timedelta(days=1)) == "expired"
    speciality = make_product("Bánh đặc sản", certificate=False)
    assert alert_kind(speciality, TODAY) is None
    assert review_alerts(speciality, TODAY) == 0


def test_a_warehouse_never_gets_an_alert(world):
    revoke(world["honey"].current_certificate, world["office"], "Hồ sơ giả", TODAY)
    db.session.commit()
    assert {slug for slug, _ in open_alerts()} == {"diem-ban-a", "diem-ban-b"}  # the producer's 12 units: none


def test_the_database_keeps_one_open_alert_per_outlet_and_product(world):
    revoke(world["honey"].current_certificate, world["office"], "Hồ sơ giả", TODAY)
    db.session.commit()
    first = db.session.scalars(select(PullAlert).order_by(PullAlert.id)).first()
    twin = {"location_id": first.location_id, "product_id": first.product_id,
            "certificate_id": first.certificate_id, "kind": "expired"}
    db.session.add(PullAlert(**twin))
    with pytest.raises(IntegrityError):  # two reviews racing: the second insert loses, in its savepoint
        db.session.flush()
    db.session.rollback()
    db.session.add(PullAlert(**twin, closed_at=now(), closed_by="returned"))  # a closed one is history: any number
    db.session.commit()
    assert len(open_alerts()) == 2


def test_a_batch_past_best_before_at_an_outlet_raises_an_alert_that_closes_when_returned(app, runner, world):
    from shop.inventory.services import find_or_make_batch, receive_stock
    tea, outlet = world["tea"], world["outlets"]["C"]
    old = find_or_make_batch(tea, "L-OLD", TODAY - timedelta(days=300), TODAY + timedelta(days=5))
    receive_stock(outlet, tea, 2, reason="receipt", batch=old)
    db.session.commit()
    assert "0 pull alert(s) raised" in check(runner, app, TODAY + timedelta(days=5))  # still in date that day
    assert "1 pull alert(s) raised" in check(runner, app, TODAY + timedelta(days=6))
    assert open_alerts() == {("diem-ban-c", "Chè Tân Cương"): "best_before"}
    assert "0 pull alert(s) raised" in check(runner, app, TODAY + timedelta(days=7))  # once
    return_stock(outlet, tea, 1, note="quá hạn", user_id=None, today=TODAY + timedelta(days=7))
    assert open_alerts() != {}  # one unit past best-before is still there
    return_stock(outlet, tea, 1, note="quá hạn", user_id=None, today=TODAY + timedelta(days=7))
    assert open_alerts() == {} and closings() == [("diem-ban-c", "returned")]  # its 4 good units stay on sale
