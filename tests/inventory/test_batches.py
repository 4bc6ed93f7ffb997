"""Batches (lô): receipts name a batch, verbs draw FEFO (earliest best-before first, no batch last), units past
their best-before are never sold (online or at the counter), and transfers carry their batches."""
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from shop.counter.services import SaleInvalid, sell
from shop.extensions import db
from shop.inventory.models import Batch, StockLevel, StockMovement
from shop.inventory.services import (
    BatchInvalid,
    StockRefused,
    available_units,
    count_stock,
    find_or_make_batch,
    fulfilment_location,
    give_back,
    receive_stock,
    take_stock,
)
from shop.orders.cart import CartRefused, open_cart, set_quantity
from shop.transfers.services import create_transfer, receive_transfer, send_transfer
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product


def batch(product, code, days, made=-100) -> Batch:
    """The product's batch `code`, best before `days` from today (negative: already past)."""
    return find_or_make_batch(product, code, TODAY + timedelta(days=made), TODAY + timedelta(days=days))


def units_by_batch(location, product) -> dict:
    """{batch code or None: on hand} of the product's levels at the location."""
    rows = db.session.execute(select(Batch.code, StockLevel.on_hand).outerjoin(Batch, Batch.id == StockLevel.batch_id)
                              .where(StockLevel.location_id == location.id, StockLevel.product_id == product.id))
    return dict(rows.all())


def ledger_holds(location, product) -> bool:
    """On hand of every level equals the ledger's sum for its (location, product, batch)."""
    sums = dict(db.session.execute(select(StockMovement.batch_id, func.sum(StockMovement.delta)).where(
        StockMovement.location_id == location.id, StockMovement.product_id == product.id)
        .group_by(StockMovement.batch_id)).all())
    levels = dict(db.session.execute(select(StockLevel.batch_id, StockLevel.on_hand).where(
        StockLevel.location_id == location.id, StockLevel.product_id == product.id)).all())
    return all(sums.get(batch_id, 0) == on_hand for batch_id, on_hand in levels.items())


@pytest.fixture
def tea():
    return make_product("Chè Tân Cương", stock=0)


RECEIPTS = st.lists(st.tuples(st.integers(1, 60), st.integers(1, 9)), min_size=1, max_size=5)  # (days, units)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(receipts=RECEIPTS, loose=st.integers(0, 5), draws=st.lists(st.integers(1, 12), min_size=1, max_size=6))
def test_draws_take_the_earliest_best_before_first_and_the_ledger_sums_per_batch(tea, receipts, loose, draws):
    savepoint = db.session.begin_nested()
    warehouse = fulfilment_location(tea)
    free = {}  # {(best-before, batch code): units}; units of no batch sort last
    for number, (days, units) in enumerate(receipts):
        lot = batch(tea, f"B{number}", days)
        receive_stock(warehouse, tea, units, reason="receipt", batch=lot)
        free[lot.best_before, lot.code] = free.get((lot.best_before, lot.code), 0) + units
    if loose:
        receive_stock(warehouse, tea, loose, reason="receipt")
        free[TODAY + timedelta(days=10_000), None] = loose
    for number, units in enumerate(draws):
        try:
            taken = take_stock(tea, units, reference=f"DH-{number}")
        except StockRefused:
            assert units > sum(free.values())
            continue
        expected, left = {}, units
        for key in sorted(free):  # FEFO by hand: the earliest best-before, then the next
            part = min(free[key], left)
            if part:
                expected[key[1]], free[key], left = part, free[key] - part, left - part
        assert {(m.batch.code if m.batch else None): -m.delta for m in taken} == expected
        assert ledger_holds(warehouse, tea) and available_units(tea) == sum(free.values())
    savepoint.rollback()


def test_a_product_without_batches_draws_as_before(tea):
    receive_stock(fulfilment_location(tea), tea, 5, reason="receipt")
    [movement] = take_stock(tea, 3, reference="DH-1")
    assert movement.batch_id is None and available_units(tea) == 2


def test_units_the_first_batch_holds_take_one_statement_and_the_rest_are_drawn_in_parts(tea, count_queries):
    """A draw the earliest batch covers is one UPDATE (the checkout's common case, issue 19); one it does not cover
    is tried so, then read and drawn in parts, FEFO, under a savepoint."""
    warehouse = fulfilment_location(tea)
    receive_stock(warehouse, tea, 5, reason="receipt", batch=batch(tea, "EARLY", 10))
    receive_stock(warehouse, tea, 5, reason="receipt", batch=batch(tea, "LATE", 20))
    with count_queries() as whole:
        take_stock(tea, 3, reference="DH-1")
    with count_queries() as in_parts:
        taken = take_stock(tea, 4, reference="DH-2")
    assert [s.split()[0] for s in whole.statements] == ["UPDATE", "INSERT"]  # the level, then its ledger row
    assert [s.split()[0] for s in in_parts.statements] == [
        "UPDATE", "SELECT", "SAVEPOINT", "UPDATE", "UPDATE", "RELEASE", "INSERT", "INSERT"], in_parts.statements
    assert {m.batch.code: -m.delta for m in taken} == {"EARLY": 2, "LATE": 2}
    assert units_by_batch(warehouse, tea) == {"EARLY": 0, "LATE": 3} and ledger_holds(warehouse, tea)


def test_a_batch_code_comes_with_the_same_dates_every_time(tea):
    first = batch(tea, "l-0626", 30)
    assert batch(tea, " L-0626 ", 30) == first  # the code as kept: trimmed, upper case
    with pytest.raises(BatchInvalid, match="L-0626"):
        batch(tea, "L-0626", 31)
    with pytest.raises(BatchInvalid):
        batch(tea, "X" * 41, 30)
    with pytest.raises(BatchInvalid):
        batch(tea, "L-1", 30, made=30)  # best-before not after production


def test_units_past_best_before_are_not_available_online_and_the_cart_says_why(tea):
    warehouse = fulfilment_location(tea)
    receive_stock(warehouse, tea, 4, reason="receipt", batch=batch(tea, "OLD", -1))
    receive_stock(warehouse, tea, 2, reason="receipt", batch=batch(tea, "NEW", 20))
    assert available_units(tea) == 2
    cart = open_cart(None, "guest")
    with pytest.raises(CartRefused, match="quá hạn"):
        set_quantity(cart, tea, 3, TODAY)
    set_quantity(cart, tea, 2, TODAY)  # the good units still sell
    with pytest.raises(StockRefused):
        take_stock(tea, 3, reference="DH-1")
    take_stock(tea, 2, reference="DH-1")
    assert units_by_batch(warehouse, tea) == {"OLD": 4, "NEW": 0}


def test_checkout_refuses_units_that_went_past_best_before_in_the_cart(app, client, tea):
    from tests.orders.support import add_to_cart, check_out
    receive_stock(fulfilment_location(tea), tea, 3, reason="receipt", batch=batch(tea, "L1", 2))
    db.session.commit()
    assert add_to_cart(client, tea, 3).status_code in (302, 303)
    app.config["SHOP_TODAY"] = TODAY + timedelta(days=3)  # the batch passes its best-before meanwhile
    try:
        response = check_out(client)
    finally:
        app.config["SHOP_TODAY"] = TODAY
    assert "quá hạn" in response.text
    assert db.session.scalar(select(func.count()).select_from(StockMovement).where(
        StockMovement.reason == "order")) == 0


def test_the_counter_refuses_a_batch_past_best_before_with_a_reason(tea):
    outlet = make_outlet()
    receive_stock(outlet, tea, 2, reason="receipt", batch=batch(tea, "OLD", -1))
    db.session.commit()
    level = db.session.scalar(select(StockLevel).where(StockLevel.location_id == outlet.id))
    with pytest.raises(SaleInvalid, match="quá hạn sử dụng"):
        sell(outlet, [(level, 1, None)], payment="cash", user_id=None, today=TODAY)
    receive_stock(outlet, tea, 1, reason="receipt")  # a unit of no batch sells
    sale = sell(outlet, [(level, 1, None)], payment="cash", user_id=None, today=TODAY)
    assert sale.lines[0].quantity == 1 and units_by_batch(outlet, tea) == {"OLD": 2, None: 0}


def test_a_transfer_carries_its_batches_to_the_outlet_and_a_cancelled_order_returns_them(tea):
    warehouse, outlet = fulfilment_location(tea), make_outlet()
    receive_stock(warehouse, tea, 3, reason="receipt", batch=batch(tea, "LATE", 40))
    receive_stock(warehouse, tea, 2, reason="receipt", batch=batch(tea, "SOON", 10))
    transfer = create_transfer(tea.seller, outlet, [(tea, 4)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    assert sorted((line.batch.code, line.quantity) for line in transfer.lines) == [("LATE", 2), ("SOON", 2)]
    receive_transfer(transfer, {tea.id: 3}, by="outlet", note="vỡ một hộp", user_id=None)
    assert units_by_batch(outlet, tea) == {"SOON": 2, "LATE": 1} and ledger_holds(outlet, tea)
    take_stock(tea, 1, reference="DH-9")
    give_back(tea, 1, reference="DH-9")
    assert units_by_batch(warehouse, tea) == {"LATE": 1, "SOON": 0} and ledger_holds(warehouse, tea)


def test_a_count_goes_batch_by_batch_while_batches_hold_units(tea):
    """A count of no batch cannot say which batch a difference is in: refused, nothing written; a batch's own count
    sets that batch and writes its ledger row."""
    warehouse = fulfilment_location(tea)
    receive_stock(warehouse, tea, 4, reason="receipt", batch=batch(tea, "L1", 30))
    receive_stock(warehouse, tea, 2, reason="receipt", batch=batch(tea, "L2", 60))
    moves = db.session.scalar(select(func.count(StockMovement.id)))
    with pytest.raises(StockRefused, match="từng lô"):
        count_stock(warehouse, tea, 6, note="kiểm kê")
    assert db.session.scalar(select(func.count(StockMovement.id))) == moves
    movement = count_stock(warehouse, tea, 3, expected=4, note="vỡ 1 hộp", batch=batch(tea, "L1", 30))
    assert (movement.delta, movement.batch_id) == (-1, batch(tea, "L1", 30).id)
    assert units_by_batch(warehouse, tea) == {"L1": 3, "L2": 2} and ledger_holds(warehouse, tea)
