"""Against a real server, two staff at two tills selling the outlet's last unit at the same instant: one sale
goes through, the other is told the unit is gone (409), and the outlet's on hand is its ledger."""
import threading

from sqlalchemy import func, select

from shop.counter.models import Sale
from shop.extensions import db
from shop.inventory.services import receive_stock
from tests.outlet.test_concurrency import balanced, signed_in

ROUNDS = 4
TILL = "/outlet/diem-ban-ho-guom/sales"


def both_sell(*tills) -> list[tuple[int, str]]:
    """Each till POSTs a sale of one unit from its own thread, released at the same instant; (status, page)."""
    start, answers = threading.Barrier(len(tills)), [None] * len(tills)

    def run(index, till):
        token = till.csrf_token(f"{TILL}/new")
        start.wait(timeout=60)
        answers[index] = till.post(TILL, token, product="che-tan-cuong", quantity="1", payment="cash")
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
