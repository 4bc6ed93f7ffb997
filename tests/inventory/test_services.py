"""Stock levels, the append-only ledger, and the inventory verbs that are the only writers of both."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import false, func, select, true, update
from sqlalchemy.exc import IntegrityError

from shop.extensions import db
from shop.inventory.models import Location, StockLevel, StockMovement
from shop.inventory.services import (
    MAX_ON_HAND,
    CountUnexplained,
    StockRefused,
    _open_warehouse,
    available_by_product,
    available_units,
    count_stock,
    fulfilment_location,
    give_back,
    receive_stock,
    release_reservation,
    reserve_stock,
    settle_reservation,
    take_stock,
)
from tests.factories import make_product, make_seller


def stock(product, location=None) -> tuple[int, int, int]:
    """(on hand, reserved, sum of the ledger) of the product at a location (its fulfilment location by default)."""
    location_id = (location or fulfilment_location(product)).id
    on_hand, reserved = db.session.execute(select(StockLevel.on_hand, StockLevel.reserved).where(
        StockLevel.product_id == product.id, StockLevel.location_id == location_id)).one()
    ledger = db.session.scalar(select(func.coalesce(func.sum(StockMovement.delta), 0)).where(
        StockMovement.product_id == product.id, StockMovement.location_id == location_id))
    return on_hand, reserved, ledger


def movements() -> list[tuple[int, str, str | None]]:
    return db.session.execute(select(StockMovement.delta, StockMovement.reason, StockMovement.reference)
                              .order_by(StockMovement.id)).all()


def outlet() -> Location:
    location = Location(kind="sales_point", slug="diem-ban-ha-noi", name="Điểm bán OCOP Hà Nội", province="Hà Nội")
    db.session.add(location)
    db.session.flush()
    return location


def test_receipts_add_to_on_hand_and_the_ledger_sums_to_it():
    product = make_product(stock=0)
    warehouse = fulfilment_location(product)
    for quantity, note in ((5, "PN-1"), (7, "PN-2")):  # two delivery notes
        receive_stock(warehouse, product, quantity, reason="receipt", reference=note)
    db.session.commit()
    level = db.session.scalar(select(StockLevel))
    ledger = db.session.scalar(select(func.sum(StockMovement.delta)))
    assert level.on_hand == 12 == ledger and level.available == 12


def test_a_producer_has_one_warehouse():
    product = make_product(stock=0)
    assert fulfilment_location(product).id == fulfilment_location(product).id


def test_online_orders_draw_from_the_producers_own_warehouse():
    tea, honey = make_product("Chè Tân Cương", stock=0), make_product("Mật ong", seller=make_seller("HTX Ong"))
    outlet()
    assert (fulfilment_location(tea).kind, fulfilment_location(tea).seller_id) == ("warehouse", tea.seller_id)
    assert fulfilment_location(honey).seller_id == honey.seller_id != tea.seller_id


def test_receiving_nothing_is_refused():
    product = make_product(stock=0)
    with pytest.raises(ValueError):
        receive_stock(fulfilment_location(product), product, 0, reason="receipt")


def test_the_database_refuses_reserving_more_than_on_hand():
    make_product(stock=3)
    with pytest.raises(IntegrityError):
        db.session.execute(update(StockLevel).values(reserved=4))
        db.session.flush()
    db.session.rollback()


def test_available_units_are_the_free_units_of_the_fulfilment_location_only():
    tea = make_product(stock=10)
    reserve_stock(tea, 3, reference="DH-1")
    receive_stock(outlet(), tea, 50, reason="receipt")  # units at an outlet are not sold online
    assert available_units(tea) == 7


def test_a_product_never_stocked_has_no_units_and_asking_opens_no_warehouse():
    tea = make_product(stock=0)
    assert available_units(tea) == 0
    assert db.session.scalar(select(func.count()).select_from(Location)) == 0


def test_a_count_corrects_on_hand_through_the_ledger():
    tea = make_product(stock=10)
    warehouse = fulfilment_location(tea)
    count_stock(warehouse, tea, 8, note="2 gói rách")
    count_stock(warehouse, tea, 9, note="tìm thấy 1 gói")
    assert stock(tea) == (9, 0, 9) and movements()[-2:] == [(-2, "count", None), (1, "count", None)]


def test_a_count_finds_units_where_none_were_recorded():
    tea = make_product(stock=0)
    count_stock(outlet(), tea, 4, note="hàng chưa vào sổ")
    assert stock(tea, db.session.scalar(select(Location).where(Location.kind == "sales_point"))) == (4, 0, 4)


def test_taking_sells_units_and_writes_the_ledger():
    tea = make_product(stock=10)
    take_stock(tea, 3, reference="DH-1")
    assert stock(tea) == (7, 0, 7) and movements()[-1] == (-3, "order", "DH-1")


def test_taking_goes_ahead_while_its_condition_holds():
    tea = make_product(stock=5)
    take_stock(tea, 1, reference="DH-1", only_if=true())
    assert stock(tea) == (4, 0, 4)


def test_reserving_holds_units_without_a_ledger_row():
    tea = make_product(stock=5)
    reserve_stock(tea, 2, reference="DH-1")
    assert stock(tea) == (5, 2, 5) and available_units(tea) == 3 and len(movements()) == 1


def test_releasing_puts_held_units_back_on_sale():
    tea = make_product(stock=5)
    reserve_stock(tea, 4, reference="DH-1")
    release_reservation(tea, 4, reference="DH-1")
    assert stock(tea) == (5, 0, 5) and len(movements()) == 1


def test_settling_a_reservation_sells_the_held_units():
    tea = make_product(stock=5)
    reserve_stock(tea, 2, reference="DH-1")
    settle_reservation(tea, 2, reference="DH-1")
    assert stock(tea) == (3, 0, 3) and movements()[-1] == (-2, "order", "DH-1")


def test_giving_back_returns_units_through_the_ledger():
    tea = make_product(stock=5)
    take_stock(tea, 3, reference="DH-1")
    give_back(tea, 3, reference="DH-1", user_id=None)
    assert stock(tea) == (5, 0, 5) and movements()[-1] == (3, "return", "DH-1")


def test_giving_back_a_product_never_stocked_is_refused():
    tea = make_product(stock=0)
    with pytest.raises(StockRefused):
        give_back(tea, 1, reference="DH-1")
    assert len(movements()) == 0


REFUSALS = {  # units reserved first, then a change the level cannot cover (5 on hand)
    "take more than is free": (3, lambda tea: take_stock(tea, 3, reference="DH-2")),
    "take when its condition fails": (0, lambda tea: take_stock(tea, 1, reference="DH-2", only_if=false())),
    "reserve more than is free": (4, lambda tea: reserve_stock(tea, 2, reference="DH-2")),
    "reserve when its condition fails": (0, lambda tea: reserve_stock(tea, 1, reference="DH-2", only_if=false())),
    "release more than is reserved": (2, lambda tea: release_reservation(tea, 3, reference="DH-1")),
    "settle more than is reserved": (1, lambda tea: settle_reservation(tea, 2, reference="DH-1")),
    "count below the reserved units": (4, lambda tea: count_stock(fulfilment_location(tea), tea, 3, note="thiếu")),
}


@pytest.mark.parametrize(("reserved", "change"), REFUSALS.values(), ids=REFUSALS)
def test_a_change_the_level_cannot_cover_is_refused_and_writes_nothing(reserved, change):
    tea = make_product(stock=5)
    if reserved:
        reserve_stock(tea, reserved, reference="DH-1")
    with pytest.raises(StockRefused):
        change(tea)
    assert stock(tea) == (5, reserved, 5) and len(movements()) == 1


@pytest.mark.parametrize("verb", [take_stock, reserve_stock, release_reservation, settle_reservation, give_back])
def test_a_quantity_that_is_not_positive_is_refused(verb):
    tea = make_product(stock=5)
    with pytest.raises(ValueError):
        verb(tea, 0, reference="DH-1")
    assert stock(tea) == (5, 0, 5)


VERBS = {
    "receive": lambda p, q: receive_stock(fulfilment_location(p), p, q, reason="receipt"),
    "count": lambda p, q: count_stock(fulfilment_location(p), p, q, note="kiểm kê"),
    "take": lambda p, q: take_stock(p, q, reference="DH-1"),
    "reserve": lambda p, q: reserve_stock(p, q, reference="DH-1"),
    "release": lambda p, q: release_reservation(p, q, reference="DH-1"),
    "settle": lambda p, q: settle_reservation(p, q, reference="DH-1"),
    "give back": lambda p, q: give_back(p, q, reference="DH-1"),
}


@pytest.fixture
def tea():
    return make_product(stock=5)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(VERBS)), st.integers(1, 6)), max_size=12))
def test_any_sequence_of_verbs_keeps_the_ledger_equal_to_on_hand(tea, steps):
    with db.session.begin_nested() as savepoint:
        for name, quantity in steps:
            before = stock(tea)
            try:
                VERBS[name](tea, quantity)
            except (StockRefused, ValueError):
                assert stock(tea) == before  # a refusal changes nothing
            on_hand, reserved, ledger = stock(tea)
            assert on_hand == ledger and 0 <= reserved <= on_hand
        savepoint.rollback()


def test_a_count_sets_on_hand_and_writes_the_difference_with_its_note():
    tea = make_product(stock=10)
    warehouse = fulfilment_location(tea)
    movement = count_stock(warehouse, tea, 7, note="3 gói ẩm mốc", user_id=None)
    assert (movement.delta, movement.reason, movement.note) == (-3, "count", "3 gói ẩm mốc")
    assert stock(tea) == (7, 0, 7)
    count_stock(warehouse, tea, 9, note="tìm thấy 2 gói")
    assert stock(tea) == (9, 0, 9)


def test_a_count_equal_to_on_hand_writes_nothing():
    tea = make_product(stock=10)
    assert count_stock(fulfilment_location(tea), tea, 10) is None
    assert len(movements()) == 1  # the factory's receipt only


def test_a_count_that_differs_needs_a_note_and_one_below_the_reserved_units_is_refused():
    tea = make_product(stock=10)
    reserve_stock(tea, 4, reference="DH-1")
    with pytest.raises(CountUnexplained):
        count_stock(fulfilment_location(tea), tea, 8)
    with pytest.raises(StockRefused, match="ít hơn số đang giữ"):
        count_stock(fulfilment_location(tea), tea, 3, note="mất")
    assert stock(tea) == (10, 4, 10)


def test_a_count_of_a_product_never_held_opens_its_level():
    tea = make_product(stock=0)
    count_stock(outlet(), tea, 4, note="hàng ký gửi chưa ghi")
    assert db.session.scalar(select(func.sum(StockMovement.delta))) == 4


def test_a_count_that_lost_a_race_is_refused_and_changes_nothing(monkeypatch):
    """The count read 10; an order takes 2 before its UPDATE: applying "counted 7" to 8 units would lose the sale."""
    tea = make_product(stock=10)
    warehouse = fulfilment_location(tea)
    real_execute = db.session.execute

    def an_order_lands_after_the_read(statement, *args, **kwargs):
        if getattr(statement, "is_dml", False) and not getattr(an_order_lands_after_the_read, "done", False):
            an_order_lands_after_the_read.done = True
            real_execute(update(StockLevel).where(StockLevel.product_id == tea.id)
                         .values(on_hand=StockLevel.on_hand - 2))
        return real_execute(statement, *args, **kwargs)

    monkeypatch.setattr(db.session, "execute", an_order_lands_after_the_read)
    with pytest.raises(StockRefused, match="vừa thay đổi"):
        count_stock(warehouse, tea, 7, note="đếm lại")
    monkeypatch.undo()
    assert stock(tea)[0] == 8 and len(movements()) == 1


def test_available_by_product_reads_the_producers_warehouse_and_zero_for_none():
    tea, honey = make_product(stock=6), make_product("Mật ong", stock=0)
    reserve_stock(tea, 2, reference="DH-1")
    receive_stock(outlet(), honey, 9, reason="receipt")  # consignment units are not sold online
    assert available_by_product(tea.seller_id, [tea.id, honey.id]) == {tea.id: 4, honey.id: 0}


def test_a_count_of_a_shelf_seen_before_an_order_is_refused():
    """The producer saw 10 and counted the shelf; an order took 2 meanwhile: "counted 10" must not put them back."""
    tea = make_product(stock=10)
    take_stock(tea, 2, reference="DH-1")
    with pytest.raises(StockRefused, match="đã thay đổi từ lúc bạn mở trang"):
        count_stock(fulfilment_location(tea), tea, 10, expected=10, note="đếm kệ")
    assert stock(tea) == (8, 0, 8)
    assert count_stock(fulfilment_location(tea), tea, 7, expected=8, note="vỡ 1 hộp").delta == -1


def test_a_producer_never_gets_a_second_warehouse():
    """Two first receipts at once both try to open the warehouse: the second takes the first's."""
    tea = make_product(stock=0)
    first = _open_warehouse(tea.seller)
    assert _open_warehouse(tea.seller).id == first.id == fulfilment_location(tea).id
    assert db.session.scalar(select(func.count()).select_from(Location).where(Location.kind == "warehouse")) == 1


def test_receiving_beyond_the_most_one_place_holds_is_refused():
    tea = make_product(stock=10)
    with pytest.raises(StockRefused, match="Quá nhiều"):
        receive_stock(fulfilment_location(tea), tea, MAX_ON_HAND, reason="receipt")
    assert stock(tea) == (10, 0, 10)
