"""Copy detection on scripted scan sequences: many checks, several provinces (or address regions) within 48 hours,
checks long after the batch sold out — and the moment a batch sold out, read from the ledger."""
from collections import namedtuple
from datetime import UTC, datetime, timedelta

import pytest

from shop.extensions import db
from shop.inventory.services import take_stock
from shop.stamps.copies import MANY_CHECKS, RULES, after_sold_out, copy_signs, many_checks, several_places
from shop.stamps.services import sold_out_at
from tests.factories import make_product
from tests.stamps.support import batch_of

Check = namedtuple("Check", "at province ip_region", defaults=(None, None))
START = datetime(2026, 6, 1, 8, tzinfo=UTC)


def scans(*script) -> list[Check]:
    """Checks from (hours after START, province, ip region) steps."""
    return [Check(START + timedelta(hours=hours), *where) for hours, *where in script]


def test_a_real_stamps_life_shows_no_sign():
    """Checked at the outlet in Hà Nội, by the buyer there the same day, at home a week later in Bắc Ninh."""
    checks = scans((0, "Hà Nội"), (2, None, "VN-HN"), (3, "Hà Nội", "VN-HN"), (24 * 7, "Bắc Ninh", "VN-BN"))
    assert copy_signs(checks, sold_out=None) == []


def test_more_than_twenty_checks_look_like_copies():
    assert not many_checks(scans(*[(hour,) for hour in range(MANY_CHECKS)]))
    assert many_checks(scans(*[(hour,) for hour in range(MANY_CHECKS + 1)]))


@pytest.mark.parametrize(("script", "fires"), [
    (((0, "Hà Nội"), (3, "Đà Nẵng")), True),  # two provinces three hours apart
    (((0, "Hà Nội"), (48, "Đà Nẵng")), True),  # just within the window
    (((0, "Hà Nội"), (49, "Đà Nẵng")), False),  # the product travelled
    (((0, "Hà Nội"), (1, "Hà Nội"), (2, None)), False),  # one province, and a visitor who did not say
    (((0, None, "VN-HN"), (5, None, "VN-SG")), True),  # two address regions
    (((0, "Hà Nội", None), (1, None, "VN-SG")), False),  # a province and a region are not compared
    (((0, "Hà Nội"), (100, "Huế"), (101, "Hà Nội")), True),  # the later pair
])
def test_several_places_within_48_hours_look_like_copies(script, fires):
    assert several_places(scans(*script)) is fires


def test_checks_a_month_after_the_batch_sold_out_look_like_copies():
    sold_out = START
    assert not after_sold_out(scans((24 * 30,)), None)  # units remain
    assert not after_sold_out(scans((1,), (24 * 30,)), sold_out)  # the last buyers, within the grace
    assert after_sold_out(scans((1,), (24 * 30 + 1,)), sold_out)


def test_every_rule_that_fires_is_named_in_words():
    checks = scans(*[(hour, "Hà Nội" if hour % 2 else "Huế") for hour in range(25)], (24 * 40,))
    assert copy_signs(checks, sold_out=START) == ["many_checks", "several_places", "after_sold_out"]
    assert all(str(RULES[rule]) for rule in RULES)


def test_a_batch_is_sold_out_once_the_ledger_holds_none_of_it_and_sales_were_made():
    tea = make_product(stock=0)
    batch = batch_of(tea, units=3)
    assert sold_out_at(batch) is None  # never sold
    take_stock(tea, 2, reference="DH-1", batch=batch)
    db.session.commit()
    assert sold_out_at(batch) is None  # one left
    last = take_stock(tea, 1, reference="DH-2", batch=batch)[-1]
    db.session.commit()
    assert sold_out_at(batch) == last.at
