"""Consignment transfers: each step moves the state once, units only through the ledger, and nothing is lost."""
from datetime import date

import pytest
from sqlalchemy import func, select

from shop.accounts.services import find_user
from shop.certification.services import revoke_certificate
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import StockRefused, available_units, fulfilment_location
from shop.notifications.models import Notification
from shop.sellers.models import SellerMember
from shop.transfers import services
from shop.transfers.queries import in_transit
from shop.transfers.services import (
    TransferInvalid,
    TransferRefused,
    accept_request,
    cancel_transfer,
    create_transfer,
    receive_transfer,
    request_stock,
    return_stock,
    send_transfer,
)
from tests.accounts.support import make_user
from tests.factories import make_outlet, make_product, make_seller

TODAY = date(2026, 6, 15)


def on_hand(product, location) -> int:
    return db.session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product.id, StockLevel.location_id == location.id)) or 0


def ledger(product, location) -> list[tuple[int, str]]:
    return db.session.execute(select(StockMovement.delta, StockMovement.reason).where(
        StockMovement.product_id == product.id, StockMovement.location_id == location.id)
        .order_by(StockMovement.id)).all()


@pytest.fixture
def tea():
    return make_product("Chè Tân Cương", stock=10)


@pytest.fixture
def outlet():
    return make_outlet(staff=[make_user("diemban@example.com")])


def sent(tea, outlet, units=4):
    transfer = create_transfer(tea.seller, outlet, [(tea, units)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    db.session.commit()
    return transfer


def test_a_transfer_is_numbered_and_starts_as_a_draft_that_moves_no_units(tea, outlet):
    transfer = create_transfer(tea.seller, outlet, [(tea, 3), (tea, 1)], note=" lô tháng 6 ", user_id=None,
                               today=TODAY)
    assert transfer.number.startswith("CK-260615-") and len(transfer.number) == 16
    assert (transfer.state, transfer.note, [(line.product, line.quantity) for line in transfer.lines]) == (
        "draft", "lô tháng 6", [(tea, 4)])
    assert available_units(tea) == 10


def test_sending_takes_the_units_out_at_once_and_they_are_in_transit_until_received(tea, outlet):
    transfer = sent(tea, outlet)
    warehouse = fulfilment_location(tea)
    assert (available_units(tea), on_hand(tea, outlet), in_transit(tea.seller_id, [tea.id])) == (6, 0, {tea.id: 4})
    receive_transfer(transfer, {}, by="outlet", note=None, user_id=None)
    db.session.commit()
    assert (on_hand(tea, warehouse), on_hand(tea, outlet), in_transit(tea.seller_id, [tea.id])) == (6, 4, {})
    assert ledger(tea, outlet) == [(4, "transfer")]


def test_a_shortfall_needs_a_note_and_is_written_off_as_a_loss(tea, outlet):
    transfer = sent(tea, outlet)
    with pytest.raises(TransferInvalid):
        receive_transfer(transfer, {tea.id: 3}, by="outlet", note="  ", user_id=None)
    db.session.rollback()
    receive_transfer(transfer, {tea.id: 3}, by="outlet", note="vỡ một gói", user_id=None)
    db.session.commit()
    assert on_hand(tea, outlet) == 3
    assert ledger(tea, outlet) == [(4, "transfer"), (-1, "loss")]
    assert transfer.lines[0].received == 3


def test_a_transfer_is_received_once(tea, outlet):
    transfer = sent(tea, outlet)
    receive_transfer(transfer, {}, by="outlet", note=None, user_id=None)
    db.session.commit()
    with pytest.raises(TransferRefused):
        receive_transfer(transfer, {}, by="outlet", note=None, user_id=None)
    db.session.rollback()
    assert on_hand(tea, outlet) == 4


def test_cancelling_a_sent_transfer_brings_its_units_back(tea, outlet):
    transfer = sent(tea, outlet)
    cancel_transfer(transfer, by="producer", user_id=None, note="xe hỏng")
    db.session.commit()
    assert (available_units(tea), in_transit(tea.seller_id, [tea.id]), transfer.state) == (10, {}, "cancelled")
    with pytest.raises(TransferRefused):
        receive_transfer(transfer, {}, by="outlet", note=None, user_id=None)


def test_units_that_are_not_free_cannot_be_sent(tea, outlet):
    transfer = create_transfer(tea.seller, outlet, [(tea, 11)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    with pytest.raises(StockRefused, match="không còn đủ 11"):
        send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    db.session.rollback()
    assert (transfer.state, available_units(tea)) == ("draft", 10)


def test_an_outlet_returns_units_to_the_producer_who_receives_them(tea, outlet):
    receive_transfer(sent(tea, outlet), {}, by="outlet", note=None, user_id=None)
    transfer = return_stock(outlet, tea, 2, note="hết hạn chứng nhận", user_id=None, today=TODAY)
    assert (transfer.state, transfer.is_return, on_hand(tea, outlet)) == ("sent", True, 2)
    with pytest.raises(TransferRefused):  # the producer receives a return, not the outlet that sent it
        receive_transfer(transfer, {}, by="outlet", note=None, user_id=None)
    receive_transfer(transfer, {}, by="producer", note=None, user_id=None)
    db.session.commit()
    assert available_units(tea) == 8


def test_a_request_becomes_a_draft_the_producer_sends_and_each_step_tells_the_other_side(tea, outlet):
    transfer = request_stock(outlet, [(tea, 2)], note="sắp Tết", user_id=None, today=TODAY)
    accept_request(transfer, user_id=None)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    db.session.commit()
    told = db.session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "transfer"))
    assert transfer.state == "sent" and told == 2  # the outlet heard of the acceptance and of the sending
    assert [event.state for event in transfer.events] == ["requested", "draft", "sent"]


def test_another_producers_product_never_goes_on_a_transfer(tea, outlet):
    sauce = make_product("Nước mắm", seller=make_seller("Công ty Khải Hoàn", province="An Giang"), stock=5)
    with pytest.raises(TransferInvalid):
        create_transfer(tea.seller, outlet, [(sauce, 1)], note=None, user_id=None, today=TODAY)


@pytest.mark.parametrize("state", ["draft", "sent"])
def test_the_outlet_cannot_cancel_what_the_producer_sends(tea, outlet, state):
    transfer = sent(tea, outlet) if state == "sent" else create_transfer(
        tea.seller, outlet, [(tea, 4)], note=None, user_id=None, today=TODAY)
    db.session.commit()
    with pytest.raises(TransferRefused):
        cancel_transfer(transfer, by="outlet", user_id=None, note="không cần nữa")
    db.session.rollback()
    assert (transfer.state, available_units(tea), on_hand(tea, outlet)) == (state, 10 if state == "draft" else 6, 0)


def test_the_producer_cannot_cancel_a_return_the_outlet_sent(tea, outlet):
    receive_transfer(sent(tea, outlet), {}, by="outlet", note=None, user_id=None)
    transfer = return_stock(outlet, tea, 3, note="hỏng bao bì", user_id=None, today=TODAY)
    db.session.commit()
    with pytest.raises(TransferRefused):
        cancel_transfer(transfer, by="producer", user_id=None)
    db.session.rollback()
    cancel_transfer(transfer, by="outlet", user_id=None, note="gửi nhầm")  # its sender takes it back
    db.session.commit()
    assert (transfer.state, on_hand(tea, outlet), in_transit(tea.seller_id, [tea.id])) == ("cancelled", 4, {})


@pytest.mark.parametrize("by", ["producer", "outlet"])
def test_either_side_may_cancel_a_request(tea, outlet, by):
    transfer = request_stock(outlet, [(tea, 2)], note=None, user_id=None, today=TODAY)
    cancel_transfer(transfer, by=by, user_id=None, note="thôi")
    assert transfer.state == "cancelled" and available_units(tea) == 10


def test_a_request_names_one_producers_products_only(tea, outlet):
    sauce = make_product("Nước mắm", seller=make_seller("Công ty Khải Hoàn", province="An Giang"), stock=5)
    with pytest.raises(TransferInvalid, match="không phải sản phẩm của nhà sản xuất này"):
        request_stock(outlet, [(tea, 1), (sauce, 1)], note=None, user_id=None, today=TODAY)
    with pytest.raises(TransferInvalid):
        request_stock(outlet, [], note=None, user_id=None, today=TODAY)
    db.session.rollback()
    assert not db.session.scalar(select(func.count()).select_from(services.Transfer))


@pytest.mark.parametrize("lapse", ["expired", "revoked"])
def test_a_product_no_longer_certified_is_refused_at_send_and_stays_home(outlet, lapse):
    tea = make_product("Chè Tân Cương", stock=10, decision_date=date(2023, 6, 1))  # in force until 2026-06-01
    transfer = create_transfer(tea.seller, outlet, [(tea, 4)], note=None, user_id=None, today=date(2026, 5, 1))
    db.session.commit()
    today = date(2026, 6, 2) if lapse == "expired" else date(2026, 5, 2)
    if lapse == "revoked":
        revoke_certificate(tea.current_certificate, reason="vi phạm tiêu chuẩn")
        db.session.commit()
    with pytest.raises(TransferRefused, match="hết hiệu lực chứng nhận OCOP"):
        send_transfer(transfer, by="producer", user_id=None, today=today)
    db.session.rollback()
    assert (transfer.state, available_units(tea), in_transit(tea.seller_id, [tea.id])) == ("draft", 10, {})


def test_an_outlet_may_still_return_a_product_whose_certificate_lapsed():
    tea = make_product("Chè Tân Cương", stock=0, decision_date=date(2023, 6, 1))  # lapsed on 2026-06-01
    centre = make_outlet("Trung tâm OCOP", slug="trung-tam", stock=[(tea, 5)])
    transfer = return_stock(centre, tea, 5, note="hết hạn chứng nhận", user_id=None, today=TODAY)
    assert (transfer.state, on_hand(tea, centre), in_transit(tea.seller_id, [tea.id])) == ("sent", 0, {tea.id: 5})


def test_a_transfer_takes_at_most_max_lines_products(tea, outlet, monkeypatch):
    honey = make_product("Mật ong", seller=tea.seller, stock=5)
    monkeypatch.setattr(services, "MAX_LINES", 1)
    with pytest.raises(TransferInvalid, match="tối đa 1 sản phẩm"):
        create_transfer(tea.seller, outlet, [(tea, 1), (honey, 1)], note=None, user_id=None, today=TODAY)
    assert create_transfer(tea.seller, outlet, [(honey, 1), (honey, 2)], note=None, user_id=None,
                           today=TODAY).units == 3  # one product named twice is one line


def test_each_side_is_told_with_a_link_to_its_own_page_of_the_transfer(tea, outlet):
    owner = make_user("chu@example.vn")
    db.session.add(SellerMember(user=owner, seller=tea.seller, role="owner"))
    staff = find_user("diemban@example.com")
    transfer = request_stock(outlet, [(tea, 2)], note=None, user_id=staff.id, today=TODAY)
    accept_request(transfer, user_id=owner.id)
    db.session.commit()
    told = dict(db.session.execute(select(Notification.user_id, Notification.link)
                                   .where(Notification.kind == "transfer")).all())
    assert told == {owner.id: f"/seller/transfers/{transfer.number}", staff.id: f"/outlet/transfers/{transfer.number}"}


def test_units_in_transit_count_both_ways_and_only_while_sent(tea, outlet):
    honey = make_product("Mật ong", seller=tea.seller, stock=5)
    other = make_product("Nước mắm", seller=make_seller("Công ty Khải Hoàn", province="An Giang"), stock=5)
    receive_transfer(sent(tea, outlet, units=6), {}, by="outlet", note=None, user_id=None)  # arrived: no longer
    sent(tea, outlet, units=3)  # out to the outlet
    return_stock(outlet, tea, 2, note="cận hạn", user_id=None, today=TODAY)  # and back from it
    cancel_transfer(sent(honey, outlet, units=1), by="producer", user_id=None)  # cancelled: back home
    other_way = create_transfer(other.seller, outlet, [(other, 5)], note=None, user_id=None, today=TODAY)
    send_transfer(other_way, by="producer", user_id=None, today=TODAY)  # another producer's
    assert in_transit(tea.seller_id, [tea.id, honey.id, other.id]) == {tea.id: 5}
    assert in_transit(other.seller_id, [other.id]) == {other.id: 5}
