"""A batch's trail is read from the stock ledger alone: a fixed story of receipt, transfer, arrival at an outlet,
a counter sale, an online sale and a return gives exactly its steps, added up per place and day, naming no buyer."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shop.clock import now, vietnam_day
from shop.counter.services import sell, void_sale
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.inventory.services import find_or_make_batch, fulfilment_location, receive_stock
from shop.trace.trail import batch_trail, trail_json
from shop.transfers.services import create_transfer, receive_transfer, return_stock, send_transfer
from tests.conftest import TODAY
from tests.factories import make_order, make_outlet, make_product

GTIN = "8934563138165"


def _story():
    """10 units of batch L-0626 made at the producer's, 6 sent to an outlet, 2 sold there at the counter (one
    receipt of 1 voided, one of 2 kept), 1 sold online, 1 sent back to the producer; returns the batch and the
    places and the order."""
    tea = make_product("Chè Tân Cương", stock=0)
    tea.gtin = GTIN
    warehouse, outlet = fulfilment_location(tea), make_outlet()
    lot = find_or_make_batch(tea, "L-0626", TODAY - timedelta(days=20), TODAY + timedelta(days=300))
    receive_stock(warehouse, tea, 10, reason="receipt", batch=lot)
    transfer = create_transfer(tea.seller, outlet, [(tea, 6)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    receive_transfer(transfer, {}, by="outlet", note=None, user_id=None)
    level = db.session.scalar(select(StockLevel).where(StockLevel.location_id == outlet.id))
    voided = sell(outlet, [(level, 1, None)], payment="cash", user_id=None, today=TODAY)
    void_sale(voided, reason="bấm nhầm", user_id=None)
    sell(outlet, [(level, 2, None)], payment="cash", user_id=None, today=TODAY)
    db.session.commit()
    order = make_order((tea, 1), today=TODAY)
    back = return_stock(outlet, tea, 1, note="móp hộp", user_id=None, today=TODAY)
    receive_transfer(back, {}, by="producer", note=None, user_id=None)
    db.session.commit()
    return lot, warehouse, outlet, order


def test_the_trail_of_a_fixed_story_is_exactly_its_steps():
    lot, warehouse, outlet, _ = _story()
    day = vietnam_day(now())
    assert [(s.kind, s.day, s.place.name, s.units, s.other and s.other.name) for s in batch_trail(lot)] == [
        ("received", day, warehouse.name, 10, None),
        ("sent", day, warehouse.name, 6, outlet.name),
        ("arrived", day, outlet.name, 6, warehouse.name),
        ("sold_counter", day, outlet.name, 3, None),  # the voided receipt's unit, and the kept receipt's 2
        ("unsold", day, outlet.name, 1, None),  # the void put its unit back
        ("sold_online", day, warehouse.name, 1, None),
        ("returned", day, outlet.name, 1, warehouse.name),
        ("arrived", day, warehouse.name, 1, outlet.name),
    ]


def test_the_trail_in_words_and_as_json_names_places_never_the_buyer():
    lot, warehouse, outlet, order = _story()
    steps = trail_json(batch_trail(lot))
    assert steps[1] == {"kind": "sent", "date": vietnam_day(now()).isoformat(), "units": 6,
                        "text": f"Chuyển từ {warehouse.name} đến {outlet.name}",
                        "place": {"name": warehouse.name, "kind": "warehouse", "province": warehouse.province},
                        "other": {"name": outlet.name, "kind": "sales_point", "province": "Hà Nội"}}
    said = repr(steps)
    for private in ("Trần Văn Minh", "0987654321", "12 Hàng Bạc", order.number, "BL-", "CK-"):
        assert private not in said


@pytest.mark.parametrize("sales", [1, 40])
def test_sales_at_one_place_on_one_day_are_one_step(sales):
    tea = make_product("Chè Tân Cương", stock=0)
    outlet = make_outlet()
    lot = find_or_make_batch(tea, "L1", TODAY - timedelta(days=1), TODAY + timedelta(days=90))
    receive_stock(outlet, tea, 50, reason="receipt", batch=lot)
    level = db.session.scalar(select(StockLevel).where(StockLevel.location_id == outlet.id))
    for _ in range(sales):
        sell(outlet, [(level, 1, None)], payment="cash", user_id=None, today=TODAY)
    assert [(step.kind, step.units) for step in batch_trail(lot)] == [("received", 50), ("sold_counter", sales)]


def test_a_day_is_vietnams_day():
    """A ledger row written at 18:30 UTC is on the next day in Vietnam (UTC+7)."""
    assert vietnam_day(datetime(2026, 6, 14, 18, 30, tzinfo=UTC)) == TODAY
    assert vietnam_day(datetime(2026, 6, 14, 18, 30)) == TODAY  # SQLite gives it back without its zone
