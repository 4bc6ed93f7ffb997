"""shop/rows.py: a row written with one INSERT comes back as a persistent object, and one rolled back with its
savepoint gives way to the next row of its id."""
from sqlalchemy import func, select

from shop.extensions import db
from shop.orders.models import Cart
from shop.rows import written


def _carts() -> int:
    return db.session.scalar(select(func.count()).select_from(Cart))


def test_a_written_row_is_persistent_with_what_the_database_chose():
    cart = written(Cart, {"user_id": None, "token": "gio-1"}, lines=[])
    assert cart in db.session and cart.id is not None and cart.updated_at is not None and cart.lines == []
    assert db.session.get(Cart, cart.id) is cart  # found in the session, as a loaded object would be


def test_a_row_rolled_back_with_its_savepoint_gives_way_to_the_next_of_its_id():
    before = _carts()
    savepoint = db.session.begin_nested()
    gone = written(Cart, {"user_id": None, "token": "gio-bo"})
    savepoint.rollback()
    assert _carts() == before
    kept = written(Cart, {"user_id": None, "token": "gio-giu"})  # SQLite may give it the same id
    db.session.commit()
    assert db.session.get(Cart, kept.id).token == "gio-giu" and _carts() == before + 1
    assert gone is not kept
