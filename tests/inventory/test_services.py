"""Stock levels and the append-only ledger."""
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import receive_stock, warehouse_of
from tests.factories import make_product


def test_receipts_add_to_on_hand_and_the_ledger_sums_to_it():
    product = make_product(stock=0)
    warehouse = warehouse_of(product.seller)
    for quantity in (5, 7):
        receive_stock(warehouse, product, quantity, reason="receipt", reference="PN-1")
    db.session.commit()
    level = db.session.scalar(select(StockLevel))
    ledger = db.session.scalar(select(func.sum(StockMovement.delta)))
    assert level.on_hand == 12 == ledger and level.available == 12


def test_a_producer_has_one_warehouse():
    product = make_product(stock=0)
    assert warehouse_of(product.seller).id == warehouse_of(product.seller).id


def test_receiving_nothing_is_refused():
    product = make_product(stock=0)
    with pytest.raises(ValueError):
        receive_stock(warehouse_of(product.seller), product, 0, reason="receipt")


def test_the_database_refuses_reserving_more_than_on_hand():
    make_product(stock=3)
    with pytest.raises(IntegrityError):
        db.session.execute(update(StockLevel).values(reserved=4))
        db.session.flush()
    db.session.rollback()
