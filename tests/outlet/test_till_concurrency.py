"""Against a real server, two staff at two tills selling the outlet's last unit (or last
units, of two batches) at the same instant: one sale goes through, the other is told the unit is gone (409) and
takes nothing, and the outlet's on hand is its ledger."""
import threading
from datetime import timedelta

from sqlalchemy import func, select

from shop.counter.models import Sale
from shop.extensions import db
from shop.inventory.models import StockMovement
from shop.inventory.services import find_or_make_batch, receive_stock
from tests.conftest import TODAY
from tests.outlet.test_concurrency import balanced, signed_in

ROUNDS = 4
TILL = "/outlet/diem-ban-ho-guom/sales"


def both_sell(*tills, quantity="1") -> list[tuple[int, str]]:
    """Each till POSTs a sale of one unit from its own thread, released at the same instant; (status, page)."""
    start, answers = threading.Barrier(len(tills)), [None] * len(tills)

    def run(index, till):
        token = till.csrf_token(f"{TILL}/new")
        start.wait(timeout=60)
        answers[index] = till.post(TILL, token, product="che-tan-cuong", quantity=quantity,
                                    payment="cash")
    threads = [threading.Thread(target=run, args=(index, till)) for index, till in enumerate(tills)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_two_tills_selling_the_last_unit_one_sells_and_the_other_is_told(two_staff_shop):
    base, tea, outlet = two_staff_shop
    an, binh = signed_in(base, "an@ocop.vn"), signed_in(base, "binh@ocop.vn")
    for sold in range(1, ROUNDS + 1):
        receive_stock(outlet, tea, 1, reason="receipt")  # the last unit on the shelf
        db.session.commit()
        answers = both_sell(an, binh)
        assert sorted(status for status, _page in answers) == [303, 409]
        refused = next(page for status, page in answers if status == 409)
        assert "Không đủ hàng: Chè Tân Cương chỉ còn 0 tại quầy" in refused
        assert balanced(outlet) == [0]
        assert db.session.scalar(select(func.count()).select_from(Sale)) == sold


def test_two_tills_selling_the_last_units_of_two_batches_one_sells_both_and_the_other_nothing(two_staff_shop):
    base, tea, outlet = two_staff_shop
    an, binh = signed_in(base, "an@ocop.vn"), signed_in(base, "binh@ocop.vn")
    for sold in range(1, ROUNDS + 1):  # each sale draws FEFO: the batch's unit, then the unit of no batch
        lot = find_or_make_batch(tea, f"L{sold}", TODAY - timedelta(days=30), TODAY + timedelta(days=sold))
        receive_stock(outlet, tea, 1, reason="receipt", batch=lot)
        receive_stock(outlet, tea, 1, reason="receipt")
        db.session.commit()
        answers = both_sell(an, binh, quantity="2")
        assert sorted(status for status, _page in answers) == [303, 409]
        assert balanced(outlet) == [0]  # the refused sale's first part was rolled back with it
        assert db.session.scalar(select(func.count()).select_from(StockMovement).where(
            StockMovement.reason == "sale", StockMovement.batch_id == lot.id)) == 1
        assert db.session.scalar(select(func.count()).select_from(Sale)) == sold
