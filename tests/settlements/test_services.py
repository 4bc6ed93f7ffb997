"""Settlement figures from the ledger and the till match the hand-worked sequence; marking paid closes the period
and later corrections land in the next; commission per outlet with overrides per producer, rounded once."""
import pytest
from sqlalchemy import select

from shop.counter.services import void_sale
from shop.extensions import db
from shop.settlements.models import Settlement
from shop.settlements.services import (
    RateInvalid,
    SettlementRefused,
    close_settlement,
    commission,
    open_settlements,
    set_rate,
)
from tests.conftest import TODAY
from tests.settlements.support import consignment, till
from tests.transfers.test_services import on_hand

UNITS = ("opening", "received", "sold", "returned", "lost", "closing")


def figures(row) -> tuple:
    return tuple(getattr(row, name) for name in (*UNITS, "sales_vnd"))


def test_the_figures_match_the_hand_worked_sequence():
    outlet, tea, honey, _kept = consignment()
    tea_row, honey_row = open_settlements(outlet_id=outlet.id)
    assert (tea_row.seller.name, honey_row.seller.name) == ("HTX Chè Tân Cương", "HTX Mật Ong Bắc Kạn")
    assert figures(tea_row) == (0, 10, 3, 2, 2, 3, 450_000)
    assert figures(honey_row) == (0, 4, 1, 0, 0, 3, 90_000)
    assert (tea_row.closing, honey_row.closing) == (on_hand(tea, outlet), on_hand(honey, outlet))
    assert tea_row.commission_vnd is None and tea_row.owed_vnd is None  # no rate set yet


def test_the_outlets_rate_applies_unless_the_producer_has_its_own():
    outlet, tea, _honey, _kept = consignment()
    set_rate(outlet, None, 1500)
    set_rate(outlet, tea.seller_id, 1250)
    tea_row, honey_row = open_settlements(outlet_id=outlet.id)
    assert (tea_row.commission_bp, tea_row.commission_vnd, tea_row.owed_vnd) == (1250, 56_250, 393_750)
    assert (honey_row.commission_bp, honey_row.commission_vnd, honey_row.owed_vnd) == (1500, 13_500, 76_500)
    set_rate(outlet, tea.seller_id, None)  # the override removed: the outlet's rate again
    assert open_settlements(outlet_id=outlet.id)[0].commission_vnd == 67_500


def test_commission_is_rounded_once_half_away_from_zero():
    assert [commission(1, 5000), commission(-1, 5000), commission(333, 1000), commission(335, 1000)] == [1, -1, 33, 34]
    assert commission(1_000_000_000_000, 10_000) == 1_000_000_000_000


@pytest.mark.parametrize("rate", [-1, 10_001])
def test_a_rate_outside_0_to_100_percent_is_refused(rate):
    outlet, *_rest = consignment()
    with pytest.raises(RateInvalid):
        set_rate(outlet, None, rate)


def test_each_producer_sees_only_its_own_and_each_outlet_only_its_own():
    outlet, tea, honey, _kept = consignment()
    assert [row.seller.id for row in open_settlements(seller_id=honey.seller_id)] == [honey.seller_id]
    assert open_settlements(outlet_id=outlet.id + 1) == []


def test_marking_paid_freezes_the_figures_and_a_later_void_lands_in_the_next_period():
    outlet, tea, _honey, kept = consignment()
    set_rate(outlet, None, 1000)
    shown = open_settlements(outlet_id=outlet.id, seller_id=tea.seller_id)[0]
    paid = close_settlement(outlet, tea.seller_id, through=shown.through, owed_vnd=405_000, user_id=None,
                            today=TODAY)
    db.session.commit()
    assert paid.number.startswith("QT-260615-")
    assert (*figures(paid), paid.commission_vnd, paid.owed_vnd) == (0, 10, 3, 2, 2, 3, 450_000, 45_000, 405_000)
    assert [row.seller.name for row in open_settlements(outlet_id=outlet.id)] == ["HTX Mật Ong Bắc Kạn"]
    void_sale(kept, reason="Hàng lỗi", user_id=None)  # a sale of the closed period, voided after
    till(outlet, tea, 1)
    db.session.commit()
    after = open_settlements(outlet_id=outlet.id, seller_id=tea.seller_id)[0]
    assert figures(after) == (3, 0, -2, 0, 0, 5, -300_000)  # −3 voided, +1 sold; opening = the paid closing
    assert (after.commission_vnd, after.owed_vnd) == (-30_000, -270_000)
    db.session.refresh(paid)
    assert figures(paid) == (0, 10, 3, 2, 2, 3, 450_000)  # frozen
    assert after.after == paid.through_movement_id


def test_a_settlement_is_paid_once_and_only_as_shown():
    outlet, tea, _honey, _kept = consignment()
    shown = open_settlements(outlet_id=outlet.id, seller_id=tea.seller_id)[0]
    with pytest.raises(SettlementRefused, match="hoa hồng"):  # no rate set: nothing to compute the amount from
        close_settlement(outlet, tea.seller_id, through=shown.through, owed_vnd=0, user_id=None, today=TODAY)
    set_rate(outlet, None, 1000)
    with pytest.raises(SettlementRefused, match="thay đổi"):  # the page showed another amount
        close_settlement(outlet, tea.seller_id, through=shown.through, owed_vnd=1, user_id=None, today=TODAY)
    close_settlement(outlet, tea.seller_id, through=shown.through, owed_vnd=405_000, user_id=None, today=TODAY)
    with pytest.raises(SettlementRefused, match="Không còn gì"):  # a double tap
        close_settlement(outlet, tea.seller_id, through=shown.through, owed_vnd=405_000, user_id=None, today=TODAY)
    assert len(db.session.scalars(select(Settlement)).all()) == 1


def test_a_settlement_stops_at_the_ledger_row_the_page_showed():
    outlet, tea, _honey, _kept = consignment()
    set_rate(outlet, None, 1000)
    shown = open_settlements(outlet_id=outlet.id, seller_id=tea.seller_id)[0]
    till(outlet, tea, 1)  # sold while the office looked at the page
    db.session.commit()
    paid = close_settlement(outlet, tea.seller_id, through=shown.through, owed_vnd=405_000, user_id=None,
                            today=TODAY)
    assert (paid.sold, paid.sales_vnd) == (3, 450_000)
    assert figures(open_settlements(outlet_id=outlet.id, seller_id=tea.seller_id)[0]) == (3, 0, 1, 0, 0, 2, 150_000)
