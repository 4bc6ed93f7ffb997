"""Consignment transfers: each step moves the state once, units only through the ledger, and nothing is lost."""
from datetime import date

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import StockRefused, available_units, fulfilment_location
from shop.notifications.models import Notification
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
