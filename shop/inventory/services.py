"""Inventory verbs: every change of stock writes the ledger in the same transaction."""
from sqlalchemy import select, update

from shop.extensions import db
from shop.inventory.models import Location, StockLevel, StockMovement
from shop.slugs import unique_slug


def warehouse_of(seller) -> Location:
    """The producer's own warehouse, created on first use."""
    warehouse = db.session.scalar(
        select(Location).where(Location.seller == seller, Location.kind == "warehouse")
    )
    if warehouse is None:
        warehouse = Location(kind="warehouse", seller=seller, name=f"Kho {seller.name}"[:300],
                             slug=unique_slug(Location, f"kho {seller.slug}", 150),
                             province=seller.province, commune=seller.commune)
        db.session.add(warehouse)
        db.session.flush()
    return warehouse


def receive_stock(location, product, quantity: int, *, reason: str, reference: str | None = None,
                  user_id: int | None = None) -> StockMovement:
    """Add `quantity` units to a location's stock and record the movement in the ledger."""
    if quantity <= 0:
        raise ValueError("quantity received must be positive")
    level = db.session.scalar(
        select(StockLevel).where(StockLevel.location == location, StockLevel.product == product)
    )
    if level is None:
        db.session.add(StockLevel(location=location, product=product, on_hand=0, reserved=0))
        db.session.flush()
    db.session.execute(
        update(StockLevel)
        .where(StockLevel.location_id == location.id, StockLevel.product_id == product.id)
        .values(on_hand=StockLevel.on_hand + quantity)
    )
    movement = StockMovement(location_id=location.id, product_id=product.id, delta=quantity,
                             reason=reason, reference=reference, user_id=user_id)
    db.session.add(movement)
    db.session.flush()
    return movement
