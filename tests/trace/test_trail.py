"""A batch's trail is read from the stock ledger alone: a fixed story of receipt, transfer, arrival at an outlet,
a counter sale, an online sale and a return gives exactly its steps, added up per place and day, naming no buyer."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from shop.clock import now, vietnam_day
from shop.counter.services import sell
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import find_or_make_batch, receive_stock
from shop.trace.trail import PRODUCT_TRAIL_DAYS, PRODUCT_TRAIL_STEPS, batch_trail, product_trail, trail_json
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.trace.story import batch_story


def test_the_trail_of_a_fixed_story_is_exactly_its_steps():
    lot, warehouse, outlet, _ = batch_story()
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
    lot, warehouse, outlet, order = batch_story()
    steps = trail_json(batch_trail(lot))
    assert steps[1] == {"kind": "sent", "date": vietnam_day(now()).isoformat(), "units": 6,
                        "text": f"Chuyển từ {warehouse.name} (Thái Nguyên) đến {outlet.name} (Hà Nội)",
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


def test_a_products_trail_is_its_latest_steps_of_every_batch_within_90_days():
    lot, warehouse, outlet, _ = batch_story()
    tea = lot.product
    receive_stock(warehouse, tea, 3, reason="receipt")  # units of no batch count too: the same day's receipt there
    db.session.flush()
    batch_steps = [(step.kind, step.units) for step in batch_trail(lot)]
    assert batch_steps[0] == ("received", 10)
    assert [(step.kind, step.units) for step in product_trail(tea, now())] == [("received", 13)] + batch_steps[1:]
    for days_ago in range(PRODUCT_TRAIL_STEPS + 10):  # a receipt a day, going back 60 days
        receive_stock(warehouse, tea, 1, reason="receipt", reference=f"R{days_ago}")
        db.session.flush()
        db.session.execute(update(StockMovement).where(StockMovement.reference == f"R{days_ago}")
                           .values(at=now() - timedelta(days=days_ago, hours=1)))
    old = StockMovement(location_id=warehouse.id, product_id=tea.id, delta=7, reason="receipt",
                        at=now() - timedelta(days=PRODUCT_TRAIL_DAYS + 1))
    db.session.add(old)
    db.session.flush()
    trail = product_trail(tea, now())
    assert len(trail) == PRODUCT_TRAIL_STEPS and trail[-1].day == vietnam_day(now())  # the latest kept
    assert all(step.units != 7 for step in trail)  # the receipt of 91 days ago is out of the window
