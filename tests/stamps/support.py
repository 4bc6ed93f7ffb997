"""A certified product with a batch in its producer's warehouse, and stamps ordered for it."""
from datetime import UTC, datetime, timedelta

from shop.accounts.services import find_user
from shop.extensions import db
from shop.inventory.services import find_or_make_batch, fulfilment_location, receive_stock
from shop.stamps.services import order_stamps
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_product

ORDERED = datetime(2026, 6, 1, 3, tzinfo=UTC)


def batch_of(product, code="L2606", units=5):
    """`units` of batch `code` (made 10 days ago, best before in 170 days) received into the warehouse."""
    batch = find_or_make_batch(product, code, TODAY - timedelta(days=10), TODAY + timedelta(days=170))
    receive_stock(fulfilment_location(product), product, units, reason="receipt", batch=batch)
    db.session.commit()
    return batch


def stamped(n=3, *, product=None, user=None):
    """`n` stamps ordered for a fresh batch of a certified tea (or of `product`); returns the order."""
    product = product or make_product("Chè Tân Cương", stock=0)
    user = user or find_user("lan@example.vn") or make_user("lan@example.vn")
    order = order_stamps(product.seller_id, batch_of(product), n, user_id=user.id, at=ORDERED)
    db.session.commit()
    return order
