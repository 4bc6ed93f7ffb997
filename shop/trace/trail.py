"""A batch's trail, and a product's recent one: where its units went, read from the stock ledger alone (never
typed in).

Each ledger row of the batch becomes a step kind by its reason and sign (a transfer's other end comes from the
transfer its reference numbers); steps of one kind at one place on one day (Vietnam time), with the same other
end, are added up, so 500 units sold one by one at a counter are one line a day. Nothing names a buyer: no
order or sale numbers, only places, days and units.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from shop.catalog.models import Product
from shop.clock import vietnam_day
from shop.extensions import db
from shop.inventory.models import Batch, Location, StockMovement
from shop.sql import constant
from shop.transfers.models import Transfer

# What each step says, the place and the other end filled in.
STEP_LABELS = {
    "received": _l("Nhập kho tại %(place)s"),
    "sent": _l("Chuyển từ %(place)s đến %(other)s"),
    "returned": _l("Trả từ %(place)s về %(other)s"),
    "arrived": _l("Nhận tại %(place)s (từ %(other)s)"),
    "cancelled": _l("Phiếu chuyển bị huỷ: hàng về lại %(place)s"),
    "sold_counter": _l("Đã bán tại quầy %(place)s"),
    "sold_online": _l("Đã bán trực tuyến, giao từ %(place)s"),
    "unsold": _l("Huỷ bán: hàng về lại %(place)s"),
    "counted": _l("Kiểm kê tại %(place)s: chênh lệch so với sổ"),
    "lost": _l("Hao hụt khi chuyển đến %(place)s"),
}
_SIGNED = ("counted",)  # kinds whose units keep their sign (a count finds more or fewer)
PRODUCT_TRAIL_DAYS = 90  # a product's page shows its units' latest moves of the last 90 days; a batch's page, all
PRODUCT_TRAIL_STEPS = 50  # and at most its 50 latest steps (a batch's page has the rest)


@dataclass(frozen=True)
class TrailStep:
    """Units (of a batch, or of a product) that moved one way at one place on one day; `other` is the transfer's
    other end."""

    kind: str
    day: date
    place: Location
    units: int
    other: Location | None = None

    @property
    def label(self) -> str:
        """The step in words, for the trail's page."""
        return str(STEP_LABELS[self.kind] % {"place": _named(self.place), "other": self.other and _named(self.other)})


def batch_trail(batch: Batch) -> list[TrailStep]:
    """The batch's steps from its ledger rows, in the order they first happened."""
    return _trail(StockMovement.batch_id == batch.id)


def product_trail(product: Product, now: datetime) -> list[TrailStep]:
    """The product's latest PRODUCT_TRAIL_STEPS steps (every batch and the units of none) of the PRODUCT_TRAIL_DAYS
    before `now`."""
    return _trail(StockMovement.product_id == product.id,
                  StockMovement.at >= now - timedelta(days=PRODUCT_TRAIL_DAYS))[-PRODUCT_TRAIL_STEPS:]


def _trail(*rows_wanted) -> list[TrailStep]:
    """The steps of the ledger rows `rows_wanted` selects, added up per kind, day, place and other end."""
    rows = db.session.execute(
        select(StockMovement.at, StockMovement.reason, StockMovement.delta, StockMovement.location_id,
               Transfer.source_id, Transfer.destination_id)
        .outerjoin(Transfer, and_(StockMovement.reason == constant("transfer"),  # a partial index filters on it
                                  Transfer.number == StockMovement.reference))
        .where(*rows_wanted).order_by(StockMovement.at, StockMovement.id)).all()
    places = _places({row.location_id for row in rows} | {row.source_id for row in rows if row.source_id}
                     | {row.destination_id for row in rows if row.destination_id})
    steps: dict[tuple, int] = {}
    for row in rows:
        kind, other = _kind(row, places)
        key = (kind, vietnam_day(row.at), row.location_id, other)
        steps[key] = steps.get(key, 0) + (row.delta if kind in _SIGNED else abs(row.delta))
    return [TrailStep(kind, day, places[place], units, places.get(other))
            for (kind, day, place, other), units in steps.items() if units]


def trail_json(trail: list[TrailStep]) -> list[dict]:
    """The trail as the APIs give it (the batch's and a stamp's)."""
    return [{"kind": step.kind, "date": step.day.isoformat(), "units": step.units, "text": step.label,
             "place": _place_json(step.place), "other": step.other and _place_json(step.other)} for step in trail]


def _named(place: Location) -> str:
    """A place in a step's words: its name and province."""
    return f"{place.name} ({place.province})"


def _place_json(place: Location) -> dict:
    """A place as the public may know it: its name, kind and province (no address)."""
    return {"name": place.name, "kind": place.kind, "province": place.province}


def _places(ids) -> dict[int, Location]:
    """The locations of these ids, by id."""
    return {place.id: place for place in db.session.scalars(select(Location).where(Location.id.in_(ids)))}


def _kind(row, places) -> tuple[str, int | None]:
    """A ledger row's step kind, and the id of the transfer's other end (None for a move at one place)."""
    if row.reason == "transfer":
        if row.delta < 0:
            outward = "returned" if places[row.location_id].kind != "warehouse" else "sent"
            return outward, row.destination_id
        if row.location_id == row.source_id:
            return "cancelled", None
        return "arrived", row.source_id
    return {"receipt": "received", "import": "received", "sale": "sold_counter", "order": "sold_online",
            "release": "unsold", "return": "unsold", "count": "counted", "loss": "lost"}[row.reason], None
