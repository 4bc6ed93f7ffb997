"""50 buyers at once for the last 10 units, against a real server: exactly 10 orders, no oversell, no 500."""
import threading

from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.orders.models import Order
from tests.conftest import TODAY
from tests.factories import make_product
from tests.orders.support import BUYER
from tests.support.server import running_shop, shop_environment
from tests.support.visitor import Visitor

BUYERS, STOCK = 50, 10


def buy_one(base: str, slug: str, start: threading.Barrier, outcomes: list):
    buyer = Visitor(base)
    added, _ = buyer.post_form("/cart/add", f"/products/{slug}", product=slug, quantity="1")
    _, cart = buyer.get("/cart")
    start.wait(timeout=120)  # everyone presses "order" together
    if "che-tan-cuong" not in cart:
        outcomes.append(("sold out before checkout", added))
        return
    status, page = buyer.post_form("/checkout", "/checkout", **BUYER)
    outcomes.append((status, "không còn đủ hàng" in page or "hết hàng" in page))


def test_fifty_buyers_for_ten_units(database_url, tmp_path):
    product = make_product("Chè Tân Cương", stock=STOCK)
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    outcomes, start = [], threading.Barrier(BUYERS)
    with running_shop(env, workers=4) as base:
        threads = [threading.Thread(target=buy_one, args=(base, product.slug, start, outcomes)) for _ in range(BUYERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    db.session.expire_all()
    placed = [o for o in outcomes if o[0] == 302]
    refused = [o for o in outcomes if o[0] == 409]
    assert len(outcomes) == BUYERS and len(placed) == STOCK
    assert all(explained for _, explained in refused) and len(placed) + len(refused) == BUYERS
    assert db.session.scalar(select(func.count()).select_from(Order)) == STOCK
    level = db.session.scalars(select(StockLevel).where(StockLevel.product_id == product.id)).one()
    ledger = db.session.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product.id))
    assert (level.on_hand, level.reserved, ledger) == (0, 0, 0)
