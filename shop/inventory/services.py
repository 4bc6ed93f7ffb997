"""Inventory verbs: the only code that changes stock.

Each verb changes one `StockLevel` with one conditional UPDATE whose matched
row decides (a refusal raises `StockRefused` and changes nothing), writes the
`StockMovement` ledger row of any change of on-hand units in the same
transaction, and flushes; the caller commits. On hand always equals the sum of
the ledger. Reserving and releasing hold units without moving them, so they
write no ledger row. Online orders draw from `fulfilment_location(product)`.

Batches (lô): a level, and its ledger rows, may be of one batch (`batch_id`; NULL: no batch). A verb given a
`batch` changes that batch's level; one that takes units without it draws them FEFO — first expired, first
out: the batch with the earliest best-before that has units free, then the next, the units of no batch last —
each part its own conditional UPDATE and ledger row, in the caller's transaction (a refused part refuses the
whole). Units of a batch past its best-before are never drawn to be sold, nor counted available online.
Putting units back (a cancelled order, a voided sale) returns them to the batches the ledger says they left.
"""
import re
from datetime import date
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload

from shop.clock import today as today_in_vietnam
from shop.errors import Conflict, Invalid
from shop.extensions import db
from shop.forms import MAX_PRICE_VND
from shop.inventory.models import Batch, Location, StockLevel, StockMovement
from shop.rows import written
from shop.slugs import unique_slug
from shop.sql import constant

MAX_ON_HAND = 1_000_000_000  # units of one product at one place: far beyond any OCOP producer, inside an int


class StockRefused(Conflict):
    """The stock level cannot cover this change (or its condition does not hold); nothing was changed."""


class AlreadyRecorded(Conflict):
    """The same receipt form was sent twice (a double tap, a resent page): its units were counted once."""


class CountUnexplained(Invalid):
    """A count that differs from the units on record needs a note saying why; nothing was changed."""


class BatchInvalid(Invalid):
    """A batch's code and dates do not make a batch (or clash with the batch of that code on record)."""


# A batch code is GS1 AI 10's value, so that a GS1 Digital Link (/01/<gtin>/10/<batch>) can name it: 1 to 20
# characters of GS1's AI-encodable character set 82 (no spaces), stored in upper case.
BATCH_CODE = re.compile(r"[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}")
ALL_BATCHES = object()  # `_change_level`: every level of the product at the location, whatever its batch
ONLINE = object()  # `_draw`: the product's fulfilment location, where online orders take its units


def batch_code(typed: str) -> str:
    """A batch code as stored: spaces around it dropped, upper case ("l-01 " is "L-01")."""
    return (typed or "").strip().upper()


def find_or_make_batch(product, code: str, produced_on: date, best_before: date) -> Batch:
    """The product's batch with this code, made if new; the same code must come with the same dates."""
    code = batch_code(code)
    if not BATCH_CODE.fullmatch(code) or best_before <= produced_on:
        raise BatchInvalid(_l("Lô hàng cần mã (tối đa 20 ký tự, không dấu cách) và hạn sử dụng sau ngày sản xuất."))
    batch = db.session.scalar(select(Batch).where(Batch.product_id == product.id, Batch.code == code))
    if batch is None:
        try:
            with db.session.begin_nested():  # another receipt of the same new batch at the same moment
                batch = Batch(product_id=product.id, code=code, produced_on=produced_on, best_before=best_before)
                db.session.add(batch)
        except IntegrityError:
            return find_or_make_batch(product, code, produced_on, best_before)
    elif (batch.produced_on, batch.best_before) != (produced_on, best_before):
        raise BatchInvalid(_l("Lô %(code)s đã có với ngày sản xuất %(made)s và hạn sử dụng %(best)s.", code=code,
                              made=batch.produced_on.strftime("%d/%m/%Y"),
                              best=batch.best_before.strftime("%d/%m/%Y")))
    return batch


def in_date(day):
    """SQL: the level's units are of no batch or of a batch not past its best-before on `day`."""
    return or_(StockLevel.batch_id.is_(None), Batch.best_before >= day)


def _free_units(location_id, product_id, *, fresh: bool = True, day: date | None = None):
    """SQL: units free (not reserved) of the product at the location — of batches in date (on `day`, by default
    today) only, if `fresh`."""
    free = (select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
            .outerjoin(Batch, Batch.id == StockLevel.batch_id)
            .where(StockLevel.product_id == product_id, StockLevel.location_id == location_id))
    return free.where(in_date(day or today_in_vietnam())) if fresh else free


def expired_units(location_id, product) -> int:
    """Units free of the product at the location (an id or SQL) in batches past their best-before."""
    return (db.session.scalar(_free_units(location_id, product.id, fresh=False))
            - db.session.scalar(_free_units(location_id, product.id)))


def expired_online(product) -> int:
    """Units at the product's fulfilment location that cannot be sold online: their batch is past best-before."""
    return expired_units(_fulfilment_source(product.seller_id), product)


def _warehouse_of(seller_id):
    """The producer's warehouse, the first it opened (its id, in SQL)."""
    return (select(Location.id).where(Location.kind == constant("warehouse"), Location.seller_id == seller_id)
            .order_by(Location.id).limit(1).correlate_except(Location).scalar_subquery())


def _fulfilment_source(seller_id):
    """The one rule for online orders: they draw a product's units from its producer's warehouse (its id, in SQL;
    `seller_id` the product's producer, a value or a bind parameter)."""
    return _warehouse_of(seller_id)


def fulfilment_location(product) -> Location:
    """Where an online order of `product` draws its units from; the producer's warehouse is opened on first use."""
    found = db.session.scalar(select(Location).where(Location.id == _fulfilment_source(product.seller_id)))
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
    """Units of `product` an online order may still take: on hand less reserved at its fulfilment location,
    over its batches not past their best-before."""
    return db.session.scalar(_free_units(_fulfilment_source(product.seller_id), product.id))


def available_column(product_id, seller_id, day: date | None = None):
    """SQL: the units online orders may still take of the product in each row (0 when it has no stock level), of
    batches in date on `day` (by default today)."""
    return _free_units(_warehouse_of(seller_id), product_id, day=day).scalar_subquery()


def available_by_product(seller_id: int, product_ids) -> dict[int, int]:
    """Units online orders may still take of each of a producer's products: {product id: available}, 0 if none."""
    rows = db.session.execute(select(StockLevel.product_id, func.sum(StockLevel.on_hand - StockLevel.reserved))
                              .outerjoin(Batch, Batch.id == StockLevel.batch_id)
                              .where(StockLevel.product_id.in_(product_ids),
                                     StockLevel.location_id == _warehouse_of(seller_id),
                                     in_date(today_in_vietnam())).group_by(StockLevel.product_id))
    return {product_id: 0 for product_id in product_ids} | dict(rows.all())


def stock_sheet(seller_id: int, product_ids) -> dict[int, dict]:
    """Each product's level of no batch in the producer's warehouse (None if it never held any), its batches'
    levels there (earliest best-before first) and its levels at the outlets holding it on consignment:
    {product id: {"warehouse": level, "batches": [levels], "outlets": [levels]}}."""
    sheet = {product_id: {"warehouse": None, "batches": [], "outlets": []} for product_id in product_ids}
    warehouse = db.session.scalar(select(_warehouse_of(seller_id)))
    levels = db.session.scalars(select(StockLevel).join(StockLevel.location)
                                .outerjoin(Batch, Batch.id == StockLevel.batch_id).where(
        StockLevel.product_id.in_(product_ids), (Location.id == warehouse) | (Location.kind != "warehouse"))
        .order_by(Location.name, Batch.best_before).options(contains_eager(StockLevel.location),
                                                            selectinload(StockLevel.batch)))
    for level in levels:
        if level.location_id == warehouse and level.batch_id is not None:
            sheet[level.product_id]["batches"].append(level)
        elif level.location_id == warehouse:
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
                  user_id: int | None = None, note: str | None = None, batch: Batch | None = None) -> StockMovement:
    """Add units arriving at a location (a receipt, an imported opening stock), of `batch` if named, and record
    them in the ledger."""
    _require_positive(quantity)
    _add_units(location, product, quantity, reference, batch)
    try:
        with db.session.begin_nested():  # a receipt's reference is unique: the same form sent twice counts once
            return _record(location.id, product, quantity, reason, reference, user_id, note, batch)
    except IntegrityError:
        raise AlreadyRecorded(_l("Phiếu nhập này đã được ghi rồi (gửi hai lần?): số lượng chỉ tính một lần.")) from None


def count_stock(location, product, counted: int, *, expected: int | None = None, note: str | None = None,
                user_id: int | None = None, batch=ALL_BATCHES) -> StockMovement | None:
    """Set on hand to the units counted and write the difference to the ledger; None when the count matches.

    `batch` says what was counted: a Batch, None for the units of no batch, or (by default) the product as a
    whole — refused while batches hold units, since it could not say which batch a difference is in.
    `expected` is the on-hand number the counter was shown: if an order or a receipt changed it since, the
    count is refused (count again). The UPDATE holds only while on hand is still that number, so a count is
    never applied to units it did not see.
    """
    if counted < 0:
        raise ValueError("a count is never negative")
    if batch is ALL_BATCHES:
        if _holds_batches(location, product):
            raise StockRefused(_l("Sản phẩm này đang có hàng theo lô: hãy kiểm kê từng lô."))
        batch = None
    batch_id = batch.id if batch else None
    seen, reserved = db.session.execute(select(StockLevel.on_hand, StockLevel.reserved).where(
        StockLevel.location_id == location.id, StockLevel.product_id == product.id,
        _of_batch(batch_id))).first() or (0, 0)
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
    _ensure_level(location, product, batch)
    try:
        _change_level(location.id, product, None, StockLevel.on_hand == seen, StockLevel.reserved <= counted,
                      batch_id=batch_id, on_hand=counted)
    except StockRefused:
        raise StockRefused(_l("Tồn kho vừa thay đổi trong lúc kiểm đếm. Hãy xem lại số trên sổ và đếm lại.")) from None
    return _record(location.id, product, counted - seen, "count", None, user_id, note, batch)


def _holds_batches(location, product) -> bool:
    """Does the location hold units of the product in a batch?"""
    return db.session.scalar(select(StockLevel.id).where(
        StockLevel.location_id == location.id, StockLevel.product_id == product.id,
        StockLevel.batch_id.is_not(None), StockLevel.on_hand > 0).limit(1)) is not None


def find_batch(product, code: str) -> Batch | None:
    """The product's batch with this code (as people type it), or None."""
    code = batch_code(code)
    return db.session.scalar(select(Batch).where(Batch.product_id == product.id, Batch.code == code)) if code else None


def take_stock(product, quantity: int, *, reference: str, only_if=None, user_id: int | None = None,
               batch: Batch | None = None) -> list[StockMovement]:
    """Take units an online order bought, only while that many are free in date (and the SQL condition `only_if`
    holds); FEFO over batches unless `batch` is named."""
    parts = _draw(ONLINE, product, quantity, reference, _FREE, _taken, only_if, batch)
    return [_record(location_id, product, -units, "order", reference, user_id, None, batch_id)
            for location_id, batch_id, units in parts]


def reserve_stock(product, quantity: int, *, reference: str, only_if=None, batch: Batch | None = None) -> None:
    """Hold units for an order awaiting payment, only while that many are free in date (and `only_if` holds)."""
    _draw(ONLINE, product, quantity, reference, _FREE, _held, only_if, batch)


def release_reservation(product, quantity: int, *, reference: str) -> None:
    """Put units held for an unpaid order back on sale; refused if fewer are held (earliest best-before first)."""
    _draw(ONLINE, product, quantity, reference, StockLevel.reserved, _let_go, fresh=False)


def settle_reservation(product, quantity: int, *, reference: str, user_id: int | None = None) -> list[StockMovement]:
    """The order was paid: its held units are sold (on hand and reserved both drop), recorded in the ledger."""
    parts = _draw(ONLINE, product, quantity, reference, StockLevel.reserved, _sold_held, fresh=False)
    return [_record(location_id, product, -units, "order", reference, user_id, None, batch_id)
            for location_id, batch_id, units in parts]


def give_back(product, quantity: int, *, reference: str, user_id: int | None = None) -> list[StockMovement]:
    """Units of a cancelled online order return to the location (and batches) they were taken from, through the
    ledger."""
    return _put_back(_fulfilment_source(product.seller_id), product, quantity, reference, "order", user_id, None)


def dispatch_stock(location, product, quantity: int, *, reference: str, user_id: int | None = None,
                   note: str | None = None, batch: Batch | None = None, fresh: bool = True) -> list[StockMovement]:
    """Units leave a location on a transfer, only while that many are free there (in date, if `fresh`), FEFO
    unless `batch` is named; they are in transit after. One ledger row per batch."""
    parts = _draw(location.id, product, quantity, reference, _FREE, _taken, None, batch, fresh=fresh)
    return [_record(location_id, product, -units, "transfer", reference, user_id, note, batch_id)
            for location_id, batch_id, units in parts]


def arrive_stock(location, product, quantity: int, *, received: int | None = None, reference: str,
                 user_id: int | None = None, note: str | None = None, batch: Batch | None = None) -> None:
    """The `quantity` units of a transfer (of `batch`, if any) reach a location; those not `received` are written
    off there as a loss."""
    _require_positive(quantity)
    received = quantity if received is None else received
    if not 0 <= received <= quantity:
        raise ValueError("units received lie between none and all that were sent")
    _add_units(location, product, received, reference, batch)
    _record(location.id, product, quantity, "transfer", reference, user_id, note, batch)
    if received < quantity:
        _record(location.id, product, received - quantity, "loss", reference, user_id, note, batch)


def sell_stock(location, product, quantity: int, *, reference: str, only_if=None, user_id: int | None = None,
               batch: Batch | None = None) -> list[StockMovement]:
    """Units sold at an outlet's counter leave its shelf, only while that many are free in date (and `only_if`
    holds); FEFO over batches unless `batch` is named."""
    parts = _draw(location.id, product, quantity, reference, _FREE, _taken, only_if, batch)
    return [_record(location_id, product, -units, "sale", reference, user_id, None, batch_id)
            for location_id, batch_id, units in parts]


def unsell_stock(location, product, quantity: int, *, reference: str, note: str,
                 user_id: int | None = None) -> list[StockMovement]:
    """The units of a voided counter sale go back on the outlet's shelf (into the batches they were sold from),
    with the void's reason in the ledger."""
    return _put_back(location.id, product, quantity, reference, "sale", user_id, note)


def set_outlet_price(location, product, price_vnd: int | None) -> None:
    """An outlet's own counter price for a product it holds (None: the producer's list price)."""
    if price_vnd is not None and not 0 < price_vnd <= MAX_PRICE_VND:
        raise ValueError("a price is a positive whole number of dong")
    _change_level(location.id, product, None, batch_id=ALL_BATCHES, price_vnd=price_vnd)


def set_minimum(location, product, minimum: int | None) -> None:
    """The outlet's low-stock line for a product it holds (None: no line); below it, the outlet is prompted."""
    if minimum is not None and not 0 < minimum <= MAX_ON_HAND:
        raise ValueError("a minimum is a positive whole number of units")
    _change_level(location.id, product, None, batch_id=ALL_BATCHES, minimum=minimum)


def _require_positive(quantity: int) -> None:
    """A quantity of units moved is at least one (zero or less is a mistake, not a refusal)."""
    if quantity <= 0:
        raise ValueError("a quantity of stock must be positive")


_FREE = StockLevel.on_hand - StockLevel.reserved  # units on hand not held for an order


def _taken(units) -> dict:
    """The change of a level `units` leave."""
    return {"on_hand": StockLevel.on_hand - units}


def _held(units) -> dict:
    """The change of a level when `units` are held for an order awaiting payment."""
    return {"reserved": StockLevel.reserved + units}


def _let_go(units) -> dict:
    """The change of a level when `units` held for an unpaid order go back on sale."""
    return {"reserved": StockLevel.reserved - units}


def _sold_held(units) -> dict:
    """The change of a level when `units` held for an order are paid for: they leave, no longer held."""
    return {"on_hand": StockLevel.on_hand - units, "reserved": StockLevel.reserved - units}


def _draw(location_id, product, quantity: int, reference: str | None, room, change, only_if=None,
          batch: Batch | None = None, *, fresh: bool = True) -> list[tuple[int, int | None, int]]:
    """Change the product's levels at `location_id` (an id, or ONLINE: its fulfilment location) by `change(units)`
    for `quantity` units, taken where `room` (a column) has them: `batch`'s level, or FEFO — the earliest
    best-before first, no batch last, past best-before never if `fresh`. Each part is one conditional UPDATE on
    `room` (and `only_if`); any part refused refuses all. The first level in that order is tried for all the units
    first, with no read before: one statement when it holds them (an online order's usual case; the read and the
    parts follow only when it does not). [(location id, batch id, units)]."""
    _require_positive(quantity)
    online = location_id is ONLINE
    where = {"seller" if online else "location": product.seller_id if online else location_id,
             "product": product.id, "batch": batch.id if batch else None, "day": today_in_vietnam()}
    first = db.session.connection().execute(_take_from_first(room, change, only_if, online, batch is not None, fresh),
                                            {**where, "units": quantity}).first()
    if first is not None:  # the first level in order held them all (and `only_if` held): one statement
        return [(first[0], first[1], quantity)]
    found = db.session.execute(_levels_to_draw(room, online, batch is not None, fresh), where).all()
    try:
        if not found or found[0][2] >= quantity:  # one UPDATE at most: a refusal has changed nothing to undo
            return _take_parts(found, quantity, room, change, only_if)
        with db.session.begin_nested():  # a part refused rolls back the parts taken before it
            return _take_parts(found, quantity, room, change, only_if)
    except StockRefused:
        raise StockRefused(f"{reference or 'stock'}: the stock of product {product.id} cannot cover this "
                           "change") from None


@lru_cache(maxsize=16)
def _levels_to_draw(room, online: bool, of_batch: bool, fresh: bool):
    """SELECT (id, batch id, room) of the levels of :product with `room` at :location (if `online`, at the
    fulfilment location of :seller) in the order `_draw` takes them: of :batch only if `of_batch`, in date on :day
    if `fresh`. Built once per process: only the parameters change (named apart from the columns, so that
    `_take_from_first` may run it inside an UPDATE)."""
    at = _fulfilment_source(bindparam("seller")) if online else bindparam("location")
    levels = (select(StockLevel.id, StockLevel.batch_id, room).outerjoin(Batch, Batch.id == StockLevel.batch_id)
              .where(StockLevel.location_id == at, StockLevel.product_id == bindparam("product"), room > 0)
              .order_by(StockLevel.batch_id.is_(None), Batch.best_before, StockLevel.id))
    if of_batch:
        levels = levels.where(StockLevel.batch_id == bindparam("batch"))
    return levels.where(in_date(bindparam("day"))) if fresh else levels


def _take_parts(levels, quantity: int, room, change, only_if) -> list[tuple[int, int | None, int]]:
    """Take up to `quantity` units from `levels` ((id, batch id, room) in order), one conditional UPDATE each;
    raises StockRefused (the caller's savepoint undoes any part taken) if an UPDATE matches nothing or the levels
    fall short."""
    parts, left = [], quantity
    for level_id, batch_id, units in levels:
        units = min(units, left)
        changed = db.session.connection().execute(_take_part(room, change, only_if),  # see _take_part
                                                  {"level_id": level_id, "units": units}).scalars().all()
        if len(changed) != 1:
            break
        parts.append((changed[0], batch_id, units))
        left -= units
        if not left:
            return parts
    raise StockRefused("the levels cannot cover this change")


@lru_cache(maxsize=32)
def _take_from_first(room, change, only_if, online: bool, of_batch: bool, fresh: bool):
    """The UPDATE of the first of `_levels_to_draw`'s levels for all :units, RETURNING its location and batch ids
    (nothing if it cannot: `_draw` then takes them in parts). Built once per process, like `_take_part`."""
    first = _levels_to_draw(room, online, of_batch, fresh).with_only_columns(StockLevel.id).limit(1)
    return _taking(first.correlate(None).scalar_subquery(), room, change, only_if,
                   StockLevel.location_id, StockLevel.batch_id)


@lru_cache(maxsize=32)
def _take_part(room, change, only_if):
    """The UPDATE of the level :level_id, RETURNING its location id. Built once per process for each verb (and each
    day's `only_if`) and run on the session's connection: it keeps its cache key from one execution to the next,
    where the session's ORM execution would annotate (rebuild) it each time."""
    return _taking(bindparam("level_id"), room, change, only_if, StockLevel.location_id)


def _taking(level_id, room, change, only_if, *returned):
    """UPDATE the level whose id is `level_id` (SQL) by `change(:units)` while `room` still holds :units (and
    `only_if` holds), RETURNING the columns `returned`."""
    units = bindparam("units")
    return (update(StockLevel)
            .where(StockLevel.id == level_id, room >= units,
                   *(condition for condition in (only_if,) if condition is not None))
            .values(**change(units)).returning(*returned))


def _put_back(location_id, product, quantity: int, reference: str, reason: str, user_id, note) -> list[StockMovement]:
    """Return `quantity` units taken for `reference` (ledger rows of `reason`) to the batches they left, the rest
    to no batch; a "return" ledger row for each."""
    _require_positive(quantity)
    taken = db.session.execute(select(StockMovement.batch_id, -func.sum(StockMovement.delta)).where(
        StockMovement.location_id == location_id, StockMovement.product_id == product.id,
        StockMovement.reference == reference, StockMovement.reason == reason)
        .group_by(StockMovement.batch_id).order_by(StockMovement.batch_id)).all()
    movements, left = [], quantity
    for batch_id, units in [*((b, u) for b, u in taken if b is not None and u > 0), (None, quantity)]:
        units = min(units, left)
        if units:
            at = _change_level(location_id, product, reference, batch_id=batch_id,
                               on_hand=StockLevel.on_hand + units)
            movements.append(_record(at, product, units, "return", reference, user_id, note, batch_id))
            left -= units
    return movements


def _add_units(location, product, quantity: int, reference: str | None, batch: Batch | None = None) -> None:
    """Add units to the product's level (of `batch`) at a location (opened if new), up to MAX_ON_HAND; no ledger
    row."""
    _ensure_level(location, product, batch)
    try:
        _change_level(location.id, product, reference, StockLevel.on_hand <= MAX_ON_HAND - quantity,
                      batch_id=batch.id if batch else None, on_hand=StockLevel.on_hand + quantity)
    except StockRefused:
        raise StockRefused(_l("Quá nhiều: một nơi giữ tối đa %(max)s đơn vị một sản phẩm.", max=MAX_ON_HAND)) from None


def _ensure_level(location, product, batch: Batch | None = None) -> None:
    """Open the (empty) stock level of a product (of `batch`) at a location that has never held it."""
    if db.session.scalar(select(StockLevel.id).where(StockLevel.location == location, StockLevel.product == product,
                                                     _of_batch(batch.id if batch else None))) is None:
        try:
            with db.session.begin_nested():
                db.session.add(StockLevel(location=location, product=product, batch=batch, on_hand=0, reserved=0))
        except IntegrityError:  # another request opened it first (a double click on a first receipt)
            pass


def _of_batch(batch_id):
    """SQL: the level is of this batch (None: of no batch; ALL_BATCHES: any)."""
    if batch_id is ALL_BATCHES:
        return true()
    return StockLevel.batch_id.is_(None) if batch_id is None else StockLevel.batch_id == batch_id


def _change_level(location_id, product, reference: str | None, *conditions, batch_id=None, **changes) -> int:
    """One conditional UPDATE of the product's level (of `batch_id`, an id, None for no batch or ALL_BATCHES) at
    `location_id` (an id or SQL); the matched rows decide (one, or at least one of ALL_BATCHES)."""
    changed = db.session.execute(
        update(StockLevel)
        .where(StockLevel.location_id == location_id, StockLevel.product_id == product.id, _of_batch(batch_id),
               *(condition for condition in conditions if condition is not None))
        .values(**changes).returning(StockLevel.location_id)
        .execution_options(synchronize_session=False)).scalars().all()
    if len(changed) != 1 and not (changed and batch_id is ALL_BATCHES):
        raise StockRefused(f"{reference or 'stock'}: the stock of product {product.id} cannot cover this change")
    return changed[0]


def _record(location_id: int, product, delta: int, reason: str, reference: str | None,
            user_id: int | None, note: str | None = None, batch=None) -> StockMovement:
    """Write the ledger row of a change of on-hand units (of `batch`, a Batch or its id), with one INSERT."""
    batch_id = batch.id if isinstance(batch, Batch) else batch
    return written(StockMovement, {"location_id": location_id, "product_id": product.id, "delta": delta,
                                   "reason": reason, "reference": reference, "user_id": user_id, "note": note,
                                   "batch_id": batch_id})
