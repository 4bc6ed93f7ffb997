"""Buyers checking out and the producer sending a transfer, at once, for the last units, against a real server:
no unit is both sold and sent, and every unit is somewhere (on hand, in transit or sold)."""
import threading

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.orders.models import Order, OrderLine
from shop.sellers.models import SellerMember
from shop.transfers.models import Transfer
from shop.transfers.queries import in_transit
from shop.transfers.services import create_transfer
from tests.accounts.support import PASSWORD, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.orders.support import BUYER
from tests.support.server import running_shop, shop_environment
from tests.support.visitor import Visitor

STOCK, SENT, BUYERS = 4, 3, 4  # the transfer wants 3 of the 4 units; each buyer wants 1


def buy_one(base: str, slug: str, start: threading.Barrier, outcomes: list):
    buyer = Visitor(base)
    buyer.post_form("/cart/add", f"/products/{slug}", product=slug, quantity="1")
    token = buyer.csrf_token("/checkout")
    start.wait(timeout=120)  # everyone presses their button together
    status, _page = buyer.post("/checkout", token, **BUYER)
    outcomes.append(("buyer", status))


def send(base: str, number: str, start: threading.Barrier, outcomes: list):
    producer = Visitor(base)
    producer.post_form("/account/login", "/account/login", email="lan@example.vn", password=PASSWORD)
    token = producer.csrf_token(f"/seller/transfers/{number}")
    start.wait(timeout=120)
    status, _page = producer.post(f"/seller/transfers/{number}/send", token)
    outcomes.append(("producer", status))


@pytest.mark.parametrize("round_", range(3))
def test_a_checkout_and_a_send_never_take_the_same_units(database_url, tmp_path, round_):
    product = make_product("Chè Tân Cương", stock=STOCK)
    db.session.add(SellerMember(user=make_user("lan@example.vn"), seller=product.seller, role="owner"))
    transfer = create_transfer(product.seller, make_outlet(), [(product, SENT)], note=None, user_id=None,
                               today=TODAY)
    db.session.commit()
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    outcomes, start = [], threading.Barrier(BUYERS + 1)
    with running_shop(env, workers=4) as base:
        threads = [threading.Thread(target=buy_one, args=(base, product.slug, start, outcomes))
                   for _ in range(BUYERS)]
        threads.append(threading.Thread(target=send, args=(base, transfer.number, start, outcomes)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    db.session.expire_all()
    assert len(outcomes) == BUYERS + 1 and all(status in (302, 303, 409) for _who, status in outcomes), outcomes
    sold = db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0))) or 0
    sent = db.session.scalar(select(Transfer.state).where(Transfer.id == transfer.id)) == "sent"
    travelling = in_transit(product.seller_id, [product.id]).get(product.id, 0)
    on_hand = db.session.scalar(select(func.sum(StockLevel.on_hand)).where(StockLevel.product_id == product.id))
    ledger = db.session.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product.id))
    seen = (sorted(outcomes), sold, travelling, on_hand, ledger)
    assert dict(outcomes).get("producer") == (303 if sent else 409), seen
    assert travelling == (SENT if sent else 0) and sold == sum(status == 302 for _who, status in outcomes), seen
    assert sold + travelling <= STOCK and on_hand == ledger == STOCK - sold - travelling, seen
    assert db.session.scalar(select(func.count()).select_from(Order)) == sold
