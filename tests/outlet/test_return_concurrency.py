"""Against a real server, one member of staff selling all of the outlet's units at the till while another sends the
same units back to the producer at the same instant: one goes through, the other is told the units are gone (409),
and the units are neither lost nor doubled — on the shelf, sold, or on their way back, and the shelf is its ledger."""
from sqlalchemy import func, select

from shop.counter.models import Sale, SaleLine
from shop.extensions import db
from shop.inventory.services import receive_stock
from shop.transfers.models import Transfer, TransferLine
from tests.outlet.test_concurrency import at_once, balanced, signed_in

ROUNDS, UNITS = 4, 3
OUTLET = "/outlet/diem-ban-ho-guom"


def test_a_sale_and_a_return_of_the_same_units_one_wins_and_no_unit_is_lost_or_doubled(two_staff_shop):
    base, tea, outlet = two_staff_shop
    an, binh = signed_in(base, "an@ocop.vn"), signed_in(base, "binh@ocop.vn")
    for round_ in range(1, ROUNDS + 1):
        receive_stock(outlet, tea, UNITS, reason="receipt")  # the shelf holds UNITS, no more
        db.session.commit()
        sale, back = at_once(
            (an, f"{OUTLET}/sales", f"{OUTLET}/sales/new",
             {"product": "che-tan-cuong", "quantity": str(UNITS), "payment": "cash"}),
            (binh, f"{OUTLET}/returns", f"{OUTLET}/stock",
             {"product": "che-tan-cuong", "quantity": str(UNITS), "note": "Trả bớt hàng"}))
        assert sorted([sale, back]) == [303, 409]
        assert balanced(outlet) == [0]  # nothing negative, nothing left over: the shelf is its ledger
        assert _sold(tea) + _sent_back(tea) == round_ * UNITS  # every unit received went one way, once


def _sold(product) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(SaleLine.quantity), 0)).join(Sale)
                             .where(SaleLine.product_id == product.id, Sale.voided_at.is_(None)))


def _sent_back(product) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(TransferLine.quantity), 0)).join(Transfer)
                             .where(TransferLine.product_id == product.id, Transfer.state == "sent"))
