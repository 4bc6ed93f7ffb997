"""Against a real server: two staff finishing the same count at the same instant apply it once (303, and the
other refused), and a sale racing a count's finish never has the count applied to units it did not see (units of
no batch, or of a batch)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shop.counts.models import StockCount
from shop.counts.services import save_count
from shop.extensions import db
from shop.inventory.models import StockMovement
from shop.inventory.services import find_or_make_batch, receive_stock
from tests.conftest import TODAY
from tests.counts.test_services import level
from tests.outlet.test_concurrency import at_once, balanced, signed_in

ROUNDS = 3
HOME = "/outlet/diem-ban-ho-guom"


def counted_one_short(outlet, tea, batch=None):
    """Five more teas on the shelf (of `batch`, if given: the outlet's only line of tea), and the open count (a
    new one, or the one left open) finding one fewer."""
    receive_stock(outlet, tea, 5, reason="receipt", batch=batch)
    db.session.commit()
    on_hand = level(outlet, tea).on_hand
    save_count(outlet, [(level(outlet, tea), on_hand - 1, on_hand)], note="Thiếu một gói", user_id=None)
    db.session.commit()
    return on_hand


def count_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(StockMovement).where(StockMovement.reason == "count"))


def test_a_double_finish_applies_the_count_once(two_staff_shop):
    base, tea, outlet = two_staff_shop
    an, binh = signed_in(base, "an@ocop.vn"), signed_in(base, "binh@ocop.vn")
    for done in range(1, ROUNDS + 1):
        on_hand = counted_one_short(outlet, tea)
        finish = {"finish": "1", "note": "Thiếu một gói"}
        answers = at_once(*((person, f"{HOME}/counts", f"{HOME}/counts/sheet", finish) for person in (an, binh)))
        # the loser is refused: 409 while it saw the count open, 422 (nothing counted) if it came after the finish
        assert sorted(answers)[0] == 303 and sorted(answers)[1] in (409, 422)
        assert balanced(outlet) == [on_hand - 1] and count_rows() == done


@pytest.mark.parametrize("batched", [False, True], ids=["no-batch", "batch"])
def test_a_sale_racing_a_finish_never_lets_the_count_swallow_it(two_staff_shop, batched):
    base, tea, outlet = two_staff_shop
    an, binh = signed_in(base, "an@ocop.vn"), signed_in(base, "binh@ocop.vn")
    batch = find_or_make_batch(tea, "L-1", TODAY - timedelta(days=5), TODAY + timedelta(days=60)) if batched else None
    for _round in range(ROUNDS):
        on_hand = counted_one_short(outlet, tea, batch)
        answers = at_once(
            (an, f"{HOME}/counts", f"{HOME}/counts/sheet", {"finish": "1", "note": "Thiếu một gói"}),
            (binh, f"{HOME}/sales", f"{HOME}/sales/new", {"product": "che-tan-cuong", "quantity": "1",
                                                          "payment": "cash"}))
        finished = db.session.scalar(select(func.count()).select_from(StockCount)
                                     .where(StockCount.state == "open")) == 0
        assert answers == ([303, 303] if finished else [409, 303])
        assert balanced(outlet) == [on_hand - 2 if finished else on_hand - 1]  # (still open: counted again next)
    counted_one_short(outlet, tea, batch)  # and unraced, the count applies, to the line's own batch
    assert at_once((an, f"{HOME}/counts", f"{HOME}/counts/sheet", {"finish": "1", "note": "Thiếu một gói"})) == [303]
    assert set(db.session.scalars(select(StockMovement.batch_id).where(StockMovement.reason == "count"))) == {
        batch.id if batch else None}
