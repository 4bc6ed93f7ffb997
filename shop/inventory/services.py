"""Inventory verbs: the only code that changes stock.

Each verb changes one `StockLevel` with one conditional UPDATE whose matched
row decides (a refusal raises `StockRefused` and changes nothing), writes the
`StockMovement` ledger row of any change of on-hand units in the same
transaction, and flushes; the caller commits. On hand always equals the sum of
the ledger. Reserving and releasing hold units without moving them, so they
write no ledger row. Online orders draw from `fulfilment_location(product)`.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload

from shop.errors import Conflict, Invalid
from shop.extensions import db
from shop.forms import MAX_PRICE_VND
from shop.inventory.models import Location, StockLevel, StockMovement
from shop.slugs import unique_slug

MAX_ON_HAND = 1_000_000_000  # units of one product at one place: far beyond any OCOP producer, inside an int


class StockRefused(Conflict):
    """The stock level cannot cover this change (or its condition does not hold); nothing was changed."""


class AlreadyRecorded(Conflict):
    """The same receipt form was sent twice (a double tap, a resent page): its units were counted once."""


class CountUnexplained(Invalid):
    """A count that differs from the units on record needs a note saying why; nothing was changed."""


def _warehouse_of(seller_id):
    """The producer's warehouse, the first it opened (its id, in SQL)."""
    return (select(Location.id).where(Location.kind == "warehouse", Location.seller_id == seller_id)
            .order_by(Location.id).limit(1).correlate_except(Location).scalar_subquery())


def _fulfilment_source(product):
    """The one rule for online orders: they draw a product's units from its producer's warehouse (its id, in SQL)."""
    return _warehouse_of(product.seller_id)


def fulfilment_location(product) -> Location:
    """Where an online order of `product` draws its units from; the producer's warehouse is opened on first use."""
    found = db.session.scalar(select(Location).where(Location.id == _fulfilment_source(product)))
    return found or _open_warehouse(product.seller)


def _open_warehouse(seller) -> Location:
    """Open the producer's own warehouse, named after it and in its province (or take the one opened meanwhile)."""
    warehouse = Location(kind="warehouse", seller=seller, name=f"Kho {seller.name}"[:300],
                         slug=unique_slug(Location, f"kho {seller.slug}", 150),
                         province=seller.province, commune=seller.commune)
    try:
        with db.session.begin_nested():
            db.session.add(warehouse)
    except IntegrityError:  # another request opened it first: a producer has one warehouse
        return db.session.scalar(select(Location).where(Location.id == _warehouse_of(seller.id)))
    return warehouse


def available_units(product) -> int:
    """Units of `product` an online order may still take: on hand less reserved at its fulfilment location."""
    free = select(StockLevel.on_hand - StockLevel.reserved).where(
        StockLevel.product_id == product.id, StockLevel.location_id == _fulfilment_source(product))
    return db.session.scalar(free) or 0


def available_column(product_id, seller_id):
    """SQL: the units online orders may still take of the product in each row (0 when it has no stock level)."""
    free = select(StockLevel.on_hand - StockLevel.reserved).where(
        StockLevel.product_id == product_id, StockLevel.location_id == _warehouse_of(seller_id))
    return func.coalesce(free.scalar_subquery(), 0)


def available_by_product(seller_id: int, product_ids) -> dict[int, int]:
    """Units online orders may still take of each of a producer's products: {product id: available}, 0 if none."""
    rows = db.session.execute(select(StockLevel.product_id, StockLevel.on_hand - StockLevel.reserved).where(
        StockLevel.product_id.in_(product_ids), StockLevel.location_id == _warehouse_of(seller_id)))
    return {product_id: 0 for product_id in product_ids} | dict(rows.all())


def stock_sheet(seller_id: int, product_ids) -> dict[int, dict]:
    """Each product's level in the producer's warehouse (None if it never held any) and at the outlets holding
    it on consignment: {product id: {"warehouse": level, "outlets": [levels]}}."""
    sheet = {product_id: {"warehouse": None, "outlets": []} for product_id in product_ids}
    warehouse = db.session.scalar(select(_warehouse_of(seller_id)))
    levels = db.session.scalars(select(StockLevel).join(StockLevel.location).where(
        StockLevel.product_id.in_(product_ids), (Location.id == warehouse) | (Location.kind != "warehouse"))
        .order_by(Location.name).options(contains_eager(StockLevel.location)))
    for level in levels:
        if level.location_id == warehouse:
            sheet[level.product_id]["warehouse"] = level
        else:
            sheet[level.product_id]["outlets"].append(level)
    return sheet


def ledger_of(product, page: int, per_page: int = 30):
    """A page of the product's ledger rows at every location, newest first."""
    return db.paginate(select(StockMovement).where(StockMovement.product_id == product.id)
                       .options(selectinload(StockMovement.location), selectinload(StockMovement.user))
                       .order_by(StockMovement.at.desc(), StockMovement.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def receive_stock(location, product, quantity: int, *, reason: str, reference: str | None = None,
                  user_id: int | None = None, note: str | None = None) -> StockMovement:
    """Add units arriving at a location (a receipt, an imported opening stock) and record them in the ledger."""
    _require_positive(quantity)
    _add_units(location, product, quantity, reference)
    try:
        with db.session.begin_nested():  # a receipt's reference is unique: the same form sent twice counts once
            return _record(location.id, product, quantity, reason, reference, user_id, note)
    except IntegrityError:
        raise AlreadyRecorded(_l("Phiếu nhập này đã được ghi rồi (gửi hai lần?): số lượng chỉ tính một lần.")) from None


def count_stock(location, product, counted: int, *, expected: int | None = None, note: str | None = None,
                user_id: int | None = None) -> StockMovement | None:
    """Set on hand to the units counted and write the difference to the ledger; None when the count matches.

    `expected` is the on-hand number the counter was shown: if an order or a receipt changed it since, the
    count is refused (count again). The UPDATE holds only while on hand is still that number, so a count is
    never applied to units it did not see.
    """
    if counted < 0:
        raise ValueError("a count is never negative")
    seen, reserved = db.session.execute(select(StockLevel.on_hand, StockLevel.reserved).where(
        StockLevel.location_id == location.id, StockLevel.product_id == product.id)).first() or (0, 0)
    if expected is not None and expected != seen:
        raise StockRefused(_l("Tồn kho đã thay đổi từ lúc bạn mở trang (trên sổ nay là %(seen)s). Hãy đếm lại.",
                              seen=seen))
    if counted == seen:
        return None
    if counted < reserved:
        raise StockRefused(_l("Số đếm được (%(counted)s) ít hơn số đang giữ cho đơn chờ thanh toán (%(reserved)s).",
                              counted=counted, reserved=reserved))
    if not note:
        raise CountUnexplained(_l("Số đếm khác số trên sổ (%(seen)s): hãy ghi lý do.", seen=seen))
    _ensure_level(location, product)
    try:
        _change_level(location.id, product, None, StockLevel.on_hand == seen, StockLevel.reserved <= counted,
                      on_hand=counted)
    except StockRefused:
        raise StockRefused(_l("Tồn kho vừa thay đổi trong lúc kiểm đếm. Hãy xem lại số trên sổ và đếm lại.")) from None
    return _record(location.id, product, counted - seen, "count", None, user_id, note)


def take_stock(product, quantity: int, *, reference: str, only_if=None, user_id: int | None = None) -> StockMovement:
    """Take units an online order bought, only while that many are free (and the SQL condition `only_if` holds)."""
    _require_positive(quantity)
    location_id = _change_level(_fulfilment_source(product), product, reference, _free(quantity), only_if,
                                on_hand=StockLevel.on_hand - quantity)
    return _record(location_id, product, -quantity, "order", reference, user_id)


def reserve_stock(product, quantity: int, *, reference: str, only_if=None) -> None:
    """Hold units for an order awaiting payment, only while that many are free (and `only_if` holds)."""
    _require_positive(quantity)
    _change_level(_fulfilment_source(product), product, reference, _free(quantity), only_if,
                  reserved=StockLevel.reserved + quantity)


def release_reservation(product, quantity: int, *, reference: str) -> None:
    """Put units held for an unpaid order back on sale; refused if fewer are held."""
    _require_positive(quantity)
    _change_level(_fulfilment_source(product), product, reference, StockLevel.reserved >= quantity,
                  reserved=StockLevel.reserved - quantity)


def settle_reservation(product, quantity: int, *, reference: str, user_id: int | None = None) -> StockMovement:
    """The order was paid: its held units are sold (on hand and reserved both drop), recorded in the ledger."""
    _require_positive(quantity)
    location_id = _change_level(_fulfilment_source(product), product, reference, StockLevel.reserved >= quantity,
                                on_hand=StockLevel.on_hand - quantity, reserved=StockLevel.reserved - quantity)
    return _record(location_id, product, -quantity, "order", reference, user_id)


def give_back(product, quantity: int, *, reference: str, user_id: int | None = None) -> StockMovement:
    """Units of a cancelled online order return to the location they were taken from, through the ledger."""
    _require_positive(quantity)
    location_id = _change_level(_fulfilment_source(product), product, reference,
                                on_hand=StockLevel.on_hand + quantity)
    return _record(location_id, product, quantity, "return", reference, user_id)


def dispatch_stock(location, product, quantity: int, *, reference: str, user_id: int | None = None,
                   note: str | None = None) -> StockMovement:
    """Units leave a location on a transfer, only while that many are free there; they are in transit after."""
    _require_positive(quantity)
    _change_level(location.id, product, reference, _free(quantity), on_hand=StockLevel.on_hand - quantity)
    return _record(location.id, product, -quantity, "transfer", reference, user_id, note)


def arrive_stock(location, product, quantity: int, *, received: int | None = None, reference: str,
                 user_id: int | None = None, note: str | None = None) -> None:
    """The `quantity` units of a transfer reach a location; those not `received` are written off there as a loss."""
    _require_positive(quantity)
    received = quantity if received is None else received
    if not 0 <= received <= quantity:
        raise ValueError("units received lie between none and all that were sent")
    _add_units(location, product, received, reference)
    _record(location.id, product, quantity, "transfer", reference, user_id, note)
    if received < quantity:
        _record(location.id, product, received - quantity, "loss", reference, user_id, note)


def sell_stock(location, product, quantity: int, *, reference: str, only_if=None,
               user_id: int | None = None) -> StockMovement:
    """Units sold at an outlet's counter leave its shelf, only while that many are free (and `only_if` holds)."""
    _require_positive(quantity)
    _change_level(location.id, product, reference, _free(quantity), only_if, on_hand=StockLevel.on_hand - quantity)
    return _record(location.id, product, -quantity, "sale", reference, user_id)


def unsell_stock(location, product, quantity: int, *, reference: str, note: str,
                 user_id: int | None = None) -> StockMovement:
    """The units of a voided counter sale go back on the outlet's shelf, with the void's reason in the ledger."""
    _require_positive(quantity)
    _change_level(location.id, product, reference, on_hand=StockLevel.on_hand + quantity)
    return _record(location.id, product, quantity, "return", reference, user_id, note)


def set_outlet_price(location, product, price_vnd: int | None) -> None:
    """An outlet's own counter price for a product it holds (None: the producer's list price)."""
    if price_vnd is not None and not 0 < price_vnd <= MAX_PRICE_VND:
        raise ValueError("a price is a positive whole number of dong")
    _change_level(location.id, product, None, price_vnd=price_vnd)


def set_minimum(location, product, minimum: int | None) -> None:
    """The outlet's low-stock line for a product it holds (None: no line); below it, the outlet is prompted."""
    if minimum is not None and not 0 < minimum <= MAX_ON_HAND:
        raise ValueError("a minimum is a positive whole number of units")
    _change_level(location.id, product, None, minimum=minimum)


def _require_positive(quantity: int) -> None:
    """A quantity of units moved is at least one (zero or less is a mistake, not a refusal)."""
    if quantity <= 0:
        raise ValueError("a quantity of stock must be positive")


def _add_units(location, product, quantity: int, reference: str | None) -> None:
    """Add units to the product's level at a location (opened if new), up to MAX_ON_HAND; no ledger row."""
    _ensure_level(location, product)
    try:
        _change_level(location.id, product, reference, StockLevel.on_hand <= MAX_ON_HAND - quantity,
                      on_hand=StockLevel.on_hand + quantity)
    except StockRefused:
        raise StockRefused(_l("Quá nhiều: một nơi giữ tối đa %(max)s đơn vị một sản phẩm.", max=MAX_ON_HAND)) from None


def _ensure_level(location, product) -> None:
    """Open the (empty) stock level of a product at a location that has never held it."""
    if db.session.scalar(select(StockLevel.id).where(StockLevel.location == location,
                                                     StockLevel.product == product)) is None:
        try:
            with db.session.begin_nested():
                db.session.add(StockLevel(location=location, product=product, on_hand=0, reserved=0))
        except IntegrityError:  # another request opened it first (a double click on a first receipt)
            pass


def _free(quantity: int):
    """At least `quantity` units on hand are not reserved."""
    return StockLevel.on_hand - StockLevel.reserved >= quantity


def _change_level(location_id, product, reference: str | None, *conditions, **changes) -> int:
    """One conditional UPDATE of the product's level at `location_id` (an id or SQL); the matched row decides."""
    changed = db.session.execute(
        update(StockLevel)
        .where(StockLevel.location_id == location_id, StockLevel.product_id == product.id,
               *(condition for condition in conditions if condition is not None))
        .values(**changes).returning(StockLevel.location_id)
        .execution_options(synchronize_session=False)).scalars().all()
    if len(changed) != 1:
        raise StockRefused(f"{reference or 'stock'}: the stock of product {product.id} cannot cover this change")
    return changed[0]


def _record(location_id: int, product, delta: int, reason: str, reference: str | None,
            user_id: int | None, note: str | None = None) -> StockMovement:
    """Write the ledger row of a change of on-hand units, and flush."""
    movement = StockMovement(location_id=location_id, product_id=product.id, delta=delta, reason=reason,
                             reference=reference, user_id=user_id, note=note)
    db.session.add(movement)
    db.session.flush()
    return movement
