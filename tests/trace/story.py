"""One batch's story, told through the real services, for the trail's tests (the trail, its page and its JSON)."""
from datetime import timedelta

from sqlalchemy import select

from shop.counter.services import sell, void_sale
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.inventory.services import find_or_make_batch, fulfilment_location, receive_stock
from shop.transfers.services import create_transfer, receive_transfer, return_stock, send_transfer
from tests.conftest import TODAY
from tests.factories import make_order, make_outlet, make_product

GTIN = "8934563138165"
BATCH_PAGE = f"/01/0{GTIN}/10/L-0626"


def batch_story():
    """10 units of batch L-0626 made at the producer's, 6 sent to an outlet, 2 sold there at the counter (one
    receipt of 1 voided, one of 2 kept), 1 sold online, 1 sent back to the producer; returns the batch and the
    places and the order."""
    tea = make_product("Chè Tân Cương", stock=0)
    tea.gtin = GTIN
    warehouse, outlet = fulfilment_location(tea), make_outlet()
    lot = find_or_make_batch(tea, "L-0626", TODAY - timedelta(days=20), TODAY + timedelta(days=300))
    receive_stock(warehouse, tea, 10, reason="receipt", batch=lot)
    transfer = create_transfer(tea.seller, outlet, [(tea, 6)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    receive_transfer(transfer, {}, by="outlet", note=None, user_id=None)
    level = db.session.scalar(select(StockLevel).where(StockLevel.location_id == outlet.id))
    voided = sell(outlet, [(level, 1, None)], payment="cash", user_id=None, today=TODAY)
    void_sale(voided, reason="bấm nhầm", user_id=None)
    sell(outlet, [(level, 2, None)], payment="cash", user_id=None, today=TODAY)
    db.session.commit()
    order = make_order((tea, 1), today=TODAY)
    back = return_stock(outlet, tea, 1, note="móp hộp", user_id=None, today=TODAY)
    receive_transfer(back, {}, by="producer", note=None, user_id=None)
    db.session.commit()
    return lot, warehouse, outlet, order
