"""Stamp verbs: serials of 80 random bits read back however people type them, orders of 1 to 1,000 stamps for the
producer's own batch, voiding a sheet or some serials, and serials nobody can guess from a real one."""
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from shop.extensions import db
from shop.stamps.models import Stamp
from shop.stamps.services import (
    ALPHABET,
    SERIAL_BITS,
    StampsRefused,
    find_stamp,
    grouped,
    new_serial,
    normal_serial,
    order_stamps,
    void_stamps,
)
from tests.factories import make_product, make_seller
from tests.stamps.support import ORDERED, batch_of, stamped


def test_a_serial_is_16_characters_of_crockfords_base32_and_never_repeats():
    serials = {new_serial() for _ in range(5000)}
    assert len(serials) == 5000
    assert all(len(serial) == 16 and set(serial) <= set(ALPHABET) for serial in serials)
    assert SERIAL_BITS == 80 and len(ALPHABET) ** 16 == 2 ** 80


@given(st.integers(0, 2 ** 80 - 1))
def test_a_serial_reads_back_grouped_lowercase_or_with_look_alike_letters(number):
    serial = "".join(ALPHABET[(number >> shift) & 31] for shift in range(75, -1, -5))
    printed = grouped(serial)
    assert printed.count("-") == 3 and printed.replace("-", "") == serial
    assert normal_serial(printed) == normal_serial(printed.lower()) == normal_serial(f" {printed} ") == serial
    assert normal_serial(serial.replace("0", "O").replace("1", "l")) == serial


@pytest.mark.parametrize("typed", ["", "ABC", "0123-4567-89AB-CDE", "0123456789ABCDEFG", "0123456789ABCDEU",
                                   "../../etc/passwd", "０１２３４５６７８９ＡＢＣＤＥＦ"])
def test_what_cannot_be_a_serial_is_none(typed):
    assert normal_serial(typed) is None


def test_an_order_makes_n_stamps_of_the_batch_each_with_its_own_serial():
    order = stamped(7)
    assert order.quantity == 7 and len({stamp.serial for stamp in order.stamps}) == 7
    assert {stamp.batch_id for stamp in order.stamps} == {order.batch_id}
    assert find_stamp(grouped(order.stamps[0].serial).lower()) == order.stamps[0]


@pytest.mark.parametrize("quantity", [0, -1, 1001])
def test_an_order_outside_1_to_1000_is_refused(quantity):
    tea = make_product(stock=0)
    with pytest.raises(StampsRefused):
        order_stamps(tea.seller_id, batch_of(tea), quantity, user_id=stamped(1).ordered_by, at=ORDERED)


def test_stamps_for_another_producers_batch_are_refused():
    order = stamped(1)
    other = make_seller("HTX Mật ong Bắc Kạn", province="Thái Nguyên")
    with pytest.raises(StampsRefused):
        order_stamps(other.id, order.batch, 5, user_id=order.ordered_by, at=ORDERED)
    with pytest.raises(StampsRefused):
        void_stamps(other.id, order, "mất tờ tem", at=ORDERED)


def test_voiding_listed_serials_then_the_rest_of_the_sheet():
    order = stamped(4)
    first, second, *_rest = order.stamps
    assert void_stamps(order.batch.product.seller_id, order, "rách", [grouped(first.serial).lower()], at=ORDERED) == 1
    assert (first.voided_at is not None, first.void_reason, second.voided_at) == (True, "rách", None)
    assert void_stamps(order.batch.product.seller_id, order, "mất tờ tem", at=ORDERED) == 3
    assert first.void_reason == "rách" and all(stamp.voided_at for stamp in order.stamps)


def test_a_serial_not_on_the_sheet_is_refused_and_nothing_is_voided():
    order, other = stamped(2), stamped(1, product=make_product("Mật ong Bắc Kạn", stock=0))
    with pytest.raises(StampsRefused, match=other.stamps[0].serial):
        void_stamps(order.batch.product.seller_id, order, "mất", [order.stamps[0].serial, other.stamps[0].serial],
                    at=ORDERED)
    assert all(stamp.voided_at is None for stamp in order.stamps)


def _number(serial: str) -> int:
    return int("".join(format(ALPHABET.index(char), "05b") for char in serial), 2)


def _serial(number: int) -> str:
    return "".join(ALPHABET[(number >> shift) & 31] for shift in range(75, -1, -5))


def test_nearby_serials_of_real_stamps_find_nothing(client):
    """Every serial one bit away from a real one, or 1 to 1,000 away as a number, is no stamp (checked against all
    stamps in the database), and the page answers such a serial as it answers any unknown one: 404."""
    order = stamped(40)
    real = set(db.session.scalars(select(Stamp.serial)))
    nearby = set()
    for serial in real:
        number = _number(serial)
        nearby |= {_serial(number ^ (1 << bit)) for bit in range(SERIAL_BITS)}
        nearby |= {_serial((number + step) % 2 ** 80) for step in range(-1000, 1001) if step}
    assert len(nearby) > 40 * 2000 and not nearby & real
    for guess in sorted(nearby)[:: len(nearby) // 60]:
        assert client.get(f"/s/{grouped(guess)}").status_code == 404
    assert client.get(f"/s/{grouped(order.stamps[0].serial)}").status_code == 200
