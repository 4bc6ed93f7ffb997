"""Settlement figures from the stock ledger and counter sales, the outlets' commission rates, and closing a
settlement once it is paid. Services flush; views commit.

Each ledger row at an outlet counts once, by its reason: a transfer's arrival (or a receipt) as received, a
return transfer the outlet sends the producer as returned, a loss or a count's difference as lost, a counter
sale as sold. A void writes its units back with reason `return` and the sale's number: it counts as sold
negatively (with the receipt line's amount), so a voided sale is neither sold nor returned to the producer;
voided in a later period, it corrects that one. Units on hand at the end = at the start + received − sold −
returned − lost.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from shop.catalog.models import Product
from shop.counter.models import Sale, SaleLine
from shop.errors import Conflict, Invalid
from shop.extensions import db
from shop.inventory.models import Location, StockLevel, StockMovement
from shop.sellers.models import Seller
from shop.settlements.models import FULL_RATE_BP, CommissionRate, Settlement
from shop.sql import constant
from shop.text import reference_number
from shop.transfers.models import Transfer

FIGURES = ("opening", "received", "sold", "returned", "lost", "closing")


class SettlementRefused(Conflict):
    """The settlement cannot be closed as shown: nothing new, no commission rate, figures changed meanwhile."""


class RateInvalid(Invalid):
    """A commission rate outside 0–100 %."""


@dataclass
class Figures:
    """One producer's settlement at one outlet: units, sales, commission and what the producer is owed."""

    outlet: Location
    seller: Seller
    after: int
    through: int
    starts_at: object
    ends_at: object
    opening: int
    received: int
    sold: int
    returned: int
    lost: int
    sales_vnd: int
    rate_bp: int | None

    @property
    def closing(self) -> int:
        return self.opening + self.received - self.sold - self.returned - self.lost

    @property
    def commission_bp(self) -> int | None:
        return self.rate_bp

    @property
    def commission_vnd(self) -> int | None:
        return None if self.rate_bp is None else commission(self.sales_vnd, self.rate_bp)

    @property
    def owed_vnd(self) -> int | None:
        return None if self.rate_bp is None else self.sales_vnd - self.commission_vnd


def commission(sales_vnd: int, rate_bp: int) -> int:
    """The commission on a period's sales amount, in VND, rounded once, half away from zero."""
    whole, rest = divmod(abs(sales_vnd) * rate_bp, FULL_RATE_BP)
    rounded = whole + (1 if 2 * rest >= FULL_RATE_BP else 0)
    return rounded if sales_vnd >= 0 else -rounded


def _settled_through(location_id, seller_id):
    """SQL: the last ledger row the pair's paid settlements cover (0 when none)."""
    return (select(func.coalesce(func.max(Settlement.through_movement_id), 0))
            .where(Settlement.location_id == location_id, Settlement.seller_id == seller_id)
            .correlate_except(Settlement).scalar_subquery())


def _units(which):
    return func.coalesce(func.sum(case((which, StockMovement.delta), else_=0)), 0)


def _figures_query(*conditions):
    """Per (outlet, producer): the period's figures from the ledger rows not yet settled that match `conditions`."""
    movement, back = StockMovement, aliased(Transfer)
    sold = movement.reason.in_(("sale", "return"))  # `return` at an outlet: a void puts a sale's units back
    transferred = movement.reason == constant("transfer")  # in the SQL: a partial index filters on the reason
    returned = and_(transferred, back.id.is_not(None))
    received = movement.reason.in_(("receipt", "import")) | and_(transferred, back.id.is_(None))
    amount = func.coalesce(func.sum(case((sold, movement.delta * SaleLine.unit_price_vnd), else_=0)), 0)
    return (select(movement.location_id, Product.seller_id, _units(received), -_units(sold), -_units(returned),
                   -_units(movement.reason.in_(("loss", "count"))), -amount,
                   func.min(movement.at), func.max(movement.at), func.max(movement.id))
            .join(Product, Product.id == movement.product_id).join(Location, Location.id == movement.location_id)
            .outerjoin(back, and_(back.number == movement.reference, back.source_id == movement.location_id))
            .outerjoin(Sale, and_(sold, Sale.number == movement.reference, Sale.location_id == movement.location_id))
            .outerjoin(SaleLine, and_(SaleLine.sale_id == Sale.id, SaleLine.product_id == movement.product_id))
            .where(Location.kind != "warehouse", movement.id > _settled_through(movement.location_id,
                                                                                 Product.seller_id), *conditions)
            .group_by(movement.location_id, Product.seller_id))


def open_settlements(*, outlet_id: int | None = None, seller_id: int | None = None,
                     through: int | None = None) -> list[Figures]:
    """The settlements still open — ledger rows after each pair's last paid one — for one outlet, one producer or
    all, by outlet then producer; `through` stops at that ledger row."""
    conditions = []
    if outlet_id is not None:
        conditions.append(StockMovement.location_id == outlet_id)
    if seller_id is not None:
        conditions.append(Product.seller_id == seller_id)
    if through is not None:
        conditions.append(StockMovement.id <= through)
    rows = db.session.execute(_figures_query(*conditions)).all()
    places = {place.id: place for place in db.session.scalars(select(Location).where(
        Location.id.in_({row[0] for row in rows})))}
    sellers = {seller.id: seller for seller in db.session.scalars(select(Seller).where(
        Seller.id.in_({row[1] for row in rows})))}
    rates, closings = _rates(places), _last_closings(places)
    found = []
    for place_id, owner_id, received, sold, returned, lost, sales, first, last, through_id in rows:
        after, opening = closings.get((place_id, owner_id), (0, 0))
        found.append(Figures(places[place_id], sellers[owner_id], after, through_id, first, last, opening, received,
                             sold, returned, lost, sales, _rate(rates, place_id, owner_id)))
    return sorted(found, key=lambda figures: (figures.outlet.name, figures.seller.name))


def _last_closings(places) -> dict[tuple, tuple[int, int]]:
    """{(outlet id, producer id): (last ledger row settled, units on hand then)} for the outlets in `places`."""
    latest = (select(Settlement.location_id, Settlement.seller_id,
                     func.max(Settlement.through_movement_id).label("through"))
              .where(Settlement.location_id.in_(places)).group_by(Settlement.location_id, Settlement.seller_id)
              .subquery())
    rows = db.session.execute(select(Settlement.location_id, Settlement.seller_id, Settlement.through_movement_id,
                                     Settlement.closing).join(latest, and_(
                                         latest.c.location_id == Settlement.location_id,
                                         latest.c.seller_id == Settlement.seller_id,
                                         latest.c.through == Settlement.through_movement_id)))
    return {(place_id, owner_id): (through, closing) for place_id, owner_id, through, closing in rows}


def _rates(places) -> dict[tuple, int]:
    """{(outlet id, producer id or None): rate in basis points} for the outlets in `places`."""
    return {(rate.location_id, rate.seller_id): rate.rate_bp for rate in db.session.scalars(
        select(CommissionRate).where(CommissionRate.location_id.in_(places)))}


def _rate(rates: dict, place_id: int, seller_id: int) -> int | None:
    """The producer's override at the outlet, else the outlet's rate, else None (not set yet)."""
    return rates.get((place_id, seller_id), rates.get((place_id, None)))


def rates_of(outlet) -> list[CommissionRate]:
    """The outlet's commission rates: its own first, then the overrides by producer name."""
    return db.session.scalars(select(CommissionRate).outerjoin(CommissionRate.seller)
                              .where(CommissionRate.location_id == outlet.id)
                              .order_by(CommissionRate.seller_id.is_not(None), Seller.name)).all()


def set_rate(outlet, seller_id: int | None, rate_bp: int | None) -> CommissionRate | None:
    """Set the outlet's commission (seller_id None) or its override for a producer; None removes it."""
    if rate_bp is not None and not 0 <= rate_bp <= FULL_RATE_BP:
        raise RateInvalid(_l("Tỷ lệ hoa hồng từ 0 đến 100 phần trăm."))
    rate = db.session.scalar(select(CommissionRate).where(CommissionRate.location_id == outlet.id,
                                                          CommissionRate.seller_id.is_(None) if seller_id is None
                                                          else CommissionRate.seller_id == seller_id))
    if rate_bp is None:
        if rate is not None:
            db.session.delete(rate)
        db.session.flush()
        return None
    rate = rate or CommissionRate(location_id=outlet.id, seller_id=seller_id)
    rate.rate_bp = rate_bp
    db.session.add(rate)
    db.session.flush()
    return rate


def close_settlement(outlet, seller_id: int, *, through: int, owed_vnd: int, user_id: int | None,
                     today) -> Settlement:
    """Mark the open settlement paid as it was shown (up to ledger row `through`, owing `owed_vnd`): its figures
    are frozen in a row and the period closes; anything later lands in the next one."""
    _hold_shelves(outlet, seller_id)
    figures = next(iter(open_settlements(outlet_id=outlet.id, seller_id=seller_id, through=through)), None)
    if figures is None:
        raise SettlementRefused(_l("Không còn gì để quyết toán: kỳ này đã được đánh dấu đã trả."))
    if figures.rate_bp is None:
        raise SettlementRefused(_l("Hãy đặt tỷ lệ hoa hồng của %(outlet)s trước khi quyết toán.",
                                   outlet=outlet.name))
    if figures.owed_vnd != owed_vnd:
        raise SettlementRefused(_l("Số liệu đã thay đổi từ lúc bạn mở trang. Hãy xem lại rồi đánh dấu đã trả."))
    settlement = Settlement(number=reference_number("QT", today), location_id=outlet.id, seller_id=seller_id,
                            after_movement_id=figures.after, through_movement_id=figures.through,
                            starts_at=figures.starts_at, ends_at=figures.ends_at, sales_vnd=figures.sales_vnd,
                            commission_bp=figures.rate_bp, commission_vnd=figures.commission_vnd,
                            owed_vnd=figures.owed_vnd, paid_by_id=user_id,
                            **{name: getattr(figures, name) for name in FIGURES})
    try:
        with db.session.begin_nested():
            db.session.add(settlement)
    except IntegrityError:
        raise SettlementRefused(_l("Kỳ này vừa được người khác đánh dấu đã trả.")) from None
    return settlement


def _hold_shelves(outlet, seller_id: int) -> None:
    """Wait for the tills and transfers moving this producer's units at the outlet, so their rows are counted."""
    db.session.execute(select(StockLevel.id).join(Product, Product.id == StockLevel.product_id)
                       .where(StockLevel.location_id == outlet.id, Product.seller_id == seller_id)
                       .with_for_update(of=StockLevel))


def producers_at(outlet) -> list[Seller]:
    """The producers whose units the outlet holds or has held, or that have a commission of their own there."""
    held = select(Product.seller_id).join(StockLevel, StockLevel.product_id == Product.id).where(
        StockLevel.location_id == outlet.id)
    own = select(CommissionRate.seller_id).where(CommissionRate.location_id == outlet.id)
    return db.session.scalars(select(Seller).where(Seller.id.in_(held) | Seller.id.in_(own))
                              .order_by(Seller.name)).all()


def paid_settlements(*, outlet_id: int | None = None, seller_id: int | None = None):
    """Paid settlements, newest first, of one outlet, one producer or all, as a query to page through."""
    query = select(Settlement).order_by(Settlement.paid_at.desc(), Settlement.id.desc())
    if outlet_id is not None:
        query = query.where(Settlement.location_id == outlet_id)
    if seller_id is not None:
        query = query.where(Settlement.seller_id == seller_id)
    return query
