"""Stamp verbs: order N stamps for a batch, find one by its serial as people type it, void stamps, record a check.

A serial is 80 random bits from `secrets`, written in Crockford's base32 (16 characters, shown XXXX-XXXX-XXXX-XXXX);
reading one forgives case, dashes and spaces, and the letters O, I and L typed for 0, 1 and 1.
"""
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from shop.catalog.models import Product
from shop.errors import Invalid
from shop.extensions import db
from shop.inventory.models import Batch, StockLevel, StockMovement
from shop.links import external_url
from shop.sellers.models import Seller
from shop.stamps.models import Stamp, StampCheck, StampOrder
from shop.transfers.models import Transfer, TransferLine

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O or U to misread
SERIAL_BITS = 80
SERIAL_LENGTH = SERIAL_BITS // 5
MAX_PER_ORDER = 1000
CHECK_WINDOW = timedelta(minutes=10)  # one visitor's checks of one stamp within it count once
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


class StampsRefused(Invalid):
    """A stamp order or voiding the rules refuse (a quantity out of range, a serial not on this sheet)."""


def new_serial() -> str:
    """A fresh serial: 80 bits from `secrets`, 16 base32 characters."""
    number = secrets.randbits(SERIAL_BITS)
    return "".join(ALPHABET[(number >> shift) & 31] for shift in range(SERIAL_BITS - 5, -1, -5))


def stamp_url(serial: str) -> str:
    """The absolute address a stamp's QR code points to, /s/<serial> (from SHOP_URL, never the request's host)."""
    return external_url("stamps.stamp", serial=serial)


def normal_serial(typed: str) -> str | None:
    """The serial as stored (16 characters of the alphabet), from how a person typed or printed it; None if it
    cannot be one."""
    serial = typed.upper().translate(_TYPED)
    return serial if len(serial) == SERIAL_LENGTH and all(char in ALPHABET for char in serial) else None


def grouped(serial: str) -> str:
    """The serial as printed, in groups of four for reading aloud."""
    return "-".join(serial[start:start + 4] for start in range(0, len(serial), 4))


def order_stamps(seller_id: int, batch: Batch, quantity: int, *, user_id: int, at) -> StampOrder:
    """Order `quantity` stamps (1 to 1,000) for a batch of the producer's own product."""
    if batch.product.seller_id != seller_id:
        raise StampsRefused(_l("Lô này không thuộc sản phẩm của cơ sở bạn."))
    if not 1 <= quantity <= MAX_PER_ORDER:
        raise StampsRefused(_l("Mỗi lần đặt từ 1 đến %(most)s tem.", most=MAX_PER_ORDER))
    order = StampOrder(batch=batch, quantity=quantity, ordered_at=at, ordered_by=user_id)
    db.session.add(order)
    db.session.add_all(Stamp(serial=new_serial(), order=order, batch=batch) for _ in range(quantity))
    db.session.flush()
    return order


def void_stamps(seller_id: int, order: StampOrder, reason: str, serials=(), *, at) -> int:
    """Void the order's stamps still active (or only the listed serials of it), saying why; how many were voided."""
    if order.batch.product.seller_id != seller_id:
        raise StampsRefused(_l("Tờ tem này không thuộc cơ sở bạn."))
    wanted = {normal_serial(typed) or typed for typed in serials}
    stray = sorted(wanted - {stamp.serial for stamp in order.stamps})
    if stray:
        raise StampsRefused(_l("Tem %(serial)s không thuộc tờ tem này.", serial=stray[0]))
    voided = [stamp for stamp in order.stamps if stamp.voided_at is None and (not wanted or stamp.serial in wanted)]
    for stamp in voided:
        stamp.voided_at, stamp.void_reason = at, reason
    db.session.flush()
    return len(voided)


def find_stamp(typed: str) -> Stamp | None:
    """The stamp with this serial (as typed or printed) of a verified producer's product, or None."""
    serial = normal_serial(typed)
    if serial is None:
        return None
    return db.session.scalar(select(Stamp).join(Stamp.batch).join(Product, Product.id == Batch.product_id)
                             .join(Seller, Seller.id == Product.seller_id)
                             .where(Stamp.serial == serial, Seller.status == "verified"))


def visitor_key(secret: str, address: str | None, agent: str | None) -> str:
    """Who looked, as a keyed hash of their address and browser: never stored in the clear."""
    return hmac.new(secret.encode(), f"{address}|{agent}".encode(), hashlib.sha256).hexdigest()[:32]


def record_check(stamp: Stamp, visitor: str, *, at, province: str | None = None,
                 ip_region: str | None = None) -> StampCheck:
    """Record a check of the stamp, unless this visitor checked it within CHECK_WINDOW: then that check stands
    (taking the province they now chose, if any)."""
    recent = db.session.scalar(select(StampCheck).where(
        StampCheck.stamp_id == stamp.id, StampCheck.visitor == visitor, StampCheck.at > at - CHECK_WINDOW)
        .order_by(StampCheck.at.desc()).limit(1))
    if recent is None:
        recent = StampCheck(stamp_id=stamp.id, at=at, visitor=visitor, ip_region=ip_region)
        db.session.add(recent)
    recent.province = province or recent.province
    db.session.flush()
    return recent


def checks_of(stamp: Stamp) -> list[StampCheck]:
    """The stamp's checks, oldest first."""
    return db.session.scalars(select(StampCheck).where(StampCheck.stamp_id == stamp.id)
                              .order_by(StampCheck.at, StampCheck.id)).all()


def sold_out_at(batch: Batch):
    """When the batch's last unit was sold, per the ledger: none left at any location or in transit and sales
    recorded; None while units remain (or none was ever sold)."""
    left = db.session.scalar(select(func.coalesce(func.sum(StockLevel.on_hand), 0))
                             .where(StockLevel.batch_id == batch.id))
    travelling = db.session.scalar(select(func.coalesce(func.sum(TransferLine.quantity), 0))
                                   .join(TransferLine.transfer)
                                   .where(TransferLine.batch_id == batch.id, Transfer.state == "sent"))
    if left or travelling:
        return None
    return db.session.scalar(select(func.max(StockMovement.at)).where(
        StockMovement.batch_id == batch.id, StockMovement.reason.in_(("sale", "order"))))


def orders_of(batch: Batch) -> list[tuple[StampOrder, int, int, int]]:
    """The batch's stamp orders, newest first, each with (order, active stamps, voided stamps, checks)."""
    checks = (select(StampCheck.stamp_id, func.count().label("n")).group_by(StampCheck.stamp_id)).subquery()
    rows = db.session.execute(
        select(StampOrder, func.count(Stamp.id) - func.count(Stamp.voided_at), func.count(Stamp.voided_at),
               func.coalesce(func.sum(checks.c.n), 0))
        .join(Stamp, Stamp.order_id == StampOrder.id).outerjoin(checks, checks.c.stamp_id == Stamp.id)
        .where(StampOrder.batch_id == batch.id).group_by(StampOrder.id)
        .order_by(StampOrder.ordered_at.desc(), StampOrder.id.desc()))
    return [tuple(row) for row in rows.all()]


def checks_per_stamp(batch: Batch) -> dict[int, int]:
    """{stamp id: how many checks} for the batch's stamps that were checked (every order's, in one query)."""
    rows = db.session.execute(select(StampCheck.stamp_id, func.count()).join(Stamp, Stamp.id == StampCheck.stamp_id)
                              .where(Stamp.batch_id == batch.id).group_by(StampCheck.stamp_id))
    return dict(rows.all())


def stamped_products(product_ids) -> set[int]:
    """Of these products, those with at least one active (not voided) stamp."""
    active = func.sum(case((Stamp.voided_at.is_(None), 1), else_=0))
    rows = db.session.scalars(select(Batch.product_id).join(Stamp, Stamp.batch_id == Batch.id)
                              .where(Batch.product_id.in_(product_ids)).group_by(Batch.product_id)
                              .having(active > 0))
    return set(rows.all())
