"""Counting an outlet's stock: a sheet saved part-way, finished all or nothing through inventory's count_stock,
a line whose units moved since it was counted refused, a difference needing a note, one open count per outlet."""
import pytest
from sqlalchemy import func, select

from shop.counter.services import find_on_shelf, sell
from shop.counts.models import StockCount
from shop.counts.services import CountInvalid, CountRefused, finish_count, open_count, save_count
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.transfers.test_services import ledger, on_hand


@pytest.fixture
def shelf():
    """An outlet holding 5 teas and 3 fish sauces, and a member of staff."""
    tea = make_product("Chè Tân Cương", stock=0)
    sauce = make_product("Nước mắm Phú Quốc", stock=0)
    counter = make_user("nv@ocop.vn", name="Nhân viên")
    outlet = make_outlet(staff=[counter], stock=[(tea, 5), (sauce, 3)])
    return outlet, tea, sauce, counter


def level(outlet, product) -> StockLevel:
    return db.session.scalar(select(StockLevel).where(StockLevel.location_id == outlet.id,
                                                      StockLevel.product_id == product.id))


def counting(outlet, *rows, note=None, user=None):
    """Save (product, counted, expected) rows on the outlet's open count."""
    return save_count(outlet, [(level(outlet, product), counted, expected) for product, counted, expected in rows],
                      note=note, user_id=user.id if user else None)


def count_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(StockMovement).where(StockMovement.reason == "count"))


def test_a_count_saved_part_way_keeps_its_lines_and_moves_no_units(shelf):
    outlet, tea, sauce, counter = shelf
    count = counting(outlet, (tea, 4, 5), user=counter)
    db.session.commit()
    assert count.state == "open" and count.started_by_id == counter.id
    assert [(line.product_id, line.expected, line.counted, line.counted_by_id) for line in count.lines] == [
        (tea.id, 5, 4, counter.id)]
    again = counting(outlet, (sauce, 3, 3), (tea, 5, 5), note="Đếm lại")  # the same open count, tea typed again
    db.session.commit()
    assert again.id == count.id and open_count(outlet.id).id == count.id
    assert sorted((line.product_id, line.counted) for line in again.lines) == [(tea.id, 5), (sauce.id, 3)]
    assert on_hand(tea, outlet) == 5 and count_rows() == 0


def test_finishing_applies_every_difference_with_the_note(shelf):
    outlet, tea, sauce, counter = shelf
    count = counting(outlet, (tea, 4, 5), (sauce, 3, 3), note="Vỡ một hộp", user=counter)
    finish_count(outlet, count, user_id=counter.id)
    db.session.commit()
    assert count.state == "finished" and count.finished_by_id == counter.id and count.finished_at is not None
    assert (on_hand(tea, outlet), on_hand(sauce, outlet)) == (4, 3)
    assert ledger(tea, outlet)[-1] == (-1, "count") and ledger(sauce, outlet) == [(3, "receipt")]
    assert db.session.scalar(select(StockMovement.note).where(StockMovement.reason == "count")) == "Vỡ một hộp"
    assert open_count(outlet.id) is None


def test_a_line_that_moved_since_it_was_counted_refuses_the_whole_count(shelf):
    outlet, tea, sauce, counter = shelf
    count = counting(outlet, (tea, 4, 5), (sauce, 2, 3), note="Hao hụt")
    db.session.commit()
    sell(outlet, [(find_on_shelf(outlet, sauce.slug), 1, None)], payment="cash", user_id=None, today=TODAY)
    db.session.commit()
    with pytest.raises(CountRefused, match="Nước mắm Phú Quốc: Tồn kho đã thay đổi"):
        finish_count(outlet, count, user_id=None)
    db.session.rollback()
    assert (on_hand(tea, outlet), on_hand(sauce, outlet)) == (5, 2)  # the tea's line did not apply either
    assert count_rows() == 0 and db.session.get(StockCount, count.id).state == "open"


def test_saving_a_count_of_units_that_moved_since_the_sheet_was_shown_is_refused(shelf):
    outlet, tea, _sauce, _counter = shelf
    sell(outlet, [(find_on_shelf(outlet, tea.slug), 2, None)], payment="cash", user_id=None, today=TODAY)
    db.session.commit()
    with pytest.raises(CountRefused, match="trên sổ nay là 3"):
        counting(outlet, (tea, 5, 5))  # the sheet showed 5, before the sale


def test_a_difference_needs_a_note_and_nothing_is_written_without_it(shelf):
    outlet, tea, sauce, _counter = shelf
    count = counting(outlet, (sauce, 3, 3), (tea, 6, 5))
    with pytest.raises(CountInvalid, match="Chè Tân Cương: số đếm \\(6\\) khác số trên sổ \\(5\\)"):
        finish_count(outlet, count, user_id=None)
    db.session.rollback()
    assert on_hand(tea, outlet) == 5 and count_rows() == 0


def test_a_count_that_matches_finishes_without_a_note_or_a_ledger_row(shelf):
    outlet, tea, _sauce, _counter = shelf
    finish_count(outlet, counting(outlet, (tea, 5, 5)), user_id=None)
    db.session.commit()
    assert count_rows() == 0 and open_count(outlet.id) is None


def test_nothing_counted_cannot_be_finished_and_a_finished_count_not_twice(shelf):
    outlet, tea, _sauce, _counter = shelf
    with pytest.raises(CountInvalid):
        finish_count(outlet, counting(outlet), user_id=None)
    db.session.rollback()
    count = counting(outlet, (tea, 4, 5), note="Mất một gói")
    finish_count(outlet, count, user_id=None)
    db.session.commit()
    with pytest.raises(CountRefused, match="đã được chốt rồi"):
        finish_count(outlet, count, user_id=None)
    db.session.rollback()
    assert on_hand(tea, outlet) == 4 and count_rows() == 1


def test_one_open_count_per_outlet_and_a_new_one_after_finishing(shelf):
    outlet, tea, _sauce, _counter = shelf
    first = counting(outlet, (tea, 5, 5))
    finish_count(outlet, first, user_id=None)
    second = counting(outlet, (tea, 5, 5))
    db.session.commit()
    assert second.id != first.id
    db.session.add(StockCount(location_id=outlet.id, state="open"))
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()


def test_a_note_too_long_is_refused(shelf):
    outlet, tea, _sauce, _counter = shelf
    with pytest.raises(CountInvalid, match="300"):
        counting(outlet, (tea, 4, 5), note="x" * 301)


def test_two_counts_opened_at_the_same_moment_the_second_is_refused(shelf, monkeypatch):
    outlet, tea, _sauce, _counter = shelf
    counting(outlet, (tea, 5, 5))
    db.session.commit()
    monkeypatch.setattr("shop.counts.services.open_count", lambda location_id: None)  # it looked before the other
    with pytest.raises(CountRefused, match="vừa mở phiếu kiểm kê"):
        counting(outlet, (tea, 4, 5))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(StockCount)) == 1
