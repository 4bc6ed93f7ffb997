"""Counting an outlet's stock: the open count's sheet is saved as it is typed, then finished in one go.

Saving keeps, per stock line (a product, or each batch of a product held in batches, and its units of no batch),
the units counted and the units on record the counter was shown (`expected`); a line whose units moved since
the sheet was shown (a sale, a receipt) is refused: count it again.
Finishing applies every line through inventory's `count_stock` for its batch, compare-and-set on that
`expected`, so a count never applies to units it did not see; a difference lands in its own batch's ledger
row. One refused line refuses the whole count (the view rolls back).
Services flush; views commit.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from shop.clock import now
from shop.counts.models import StockCount, StockCountLine
from shop.errors import Conflict, Invalid
from shop.extensions import db
from shop.inventory.services import CountUnexplained, StockRefused, count_stock
from shop.sql import constant

MAX_NOTE = 300
IS_OPEN = StockCount.state == constant("open")  # in the SQL: the count's partial unique index filters on it


class CountRefused(Conflict):
    """The count cannot take this now: units moved since the sheet was shown, or it was finished already."""


class CountInvalid(Invalid):
    """What was typed does not make a count: nothing counted, a note too long."""


def open_count(location_id: int) -> StockCount | None:
    """The outlet's open count, with its lines and their products, or None."""
    return db.session.scalar(select(StockCount).where(StockCount.location_id == location_id,
                                                      IS_OPEN)
                             .options(selectinload(StockCount.lines).selectinload(StockCountLine.product),
                                      selectinload(StockCount.lines).selectinload(StockCountLine.batch)))


def counts_at(location_id: int):
    """The outlet's counts, the open one first, then newest first, as a query to page through."""
    return (select(StockCount).where(StockCount.location_id == location_id)
            .options(selectinload(StockCount.lines), selectinload(StockCount.started_by))
            .order_by(IS_OPEN.desc(), StockCount.started_at.desc(), StockCount.id.desc()))


def count_at(count_id: int, location_id: int) -> StockCount | None:
    """The outlet's count with this id (its lines, products and who counted them), or None."""
    return db.session.scalar(select(StockCount).where(StockCount.id == count_id,
                                                      StockCount.location_id == location_id)
                             .options(selectinload(StockCount.lines).selectinload(StockCountLine.product),
                                      selectinload(StockCount.lines).selectinload(StockCountLine.batch),
                                      selectinload(StockCount.lines).selectinload(StockCountLine.counted_by)))


def save_count(place, typed, *, note: str | None, user_id: int | None) -> StockCount:
    """Keep what was typed on the outlet's open count (opened now if none): `typed` is (stock level, units
    counted, units on record the sheet showed) for each stock line counted; a line typed again replaces its last."""
    count = _open(place, user_id)
    count.note = _checked_note(note)
    lines = {(line.product_id, line.batch_id): line for line in count.lines}
    for level, counted, expected in typed:
        if expected != level.on_hand:
            raise CountRefused(_l("%(name)s: tồn kho đã thay đổi từ lúc bạn mở phiếu (trên sổ nay là %(seen)s: có "
                                  "bán hoặc nhập hàng). Hãy đếm lại.", name=line_name(level), seen=level.on_hand))
        line = (lines.get((level.product_id, level.batch_id))
                or StockCountLine(count=count, product=level.product, batch=level.batch))
        line.expected, line.counted, line.counted_by_id, line.counted_at = expected, counted, user_id, now()
        db.session.add(line)
    db.session.flush()
    return count


def finish_count(place, count: StockCount, *, user_id: int | None) -> StockCount:
    """Finish the open count once: every line's difference goes to the ledger (reason `count`, the count's note),
    all or none; a line whose units moved since it was counted refuses the count."""
    if not count.lines:
        raise CountInvalid(_l("Chưa đếm sản phẩm nào: hãy nhập số đếm được trước khi chốt."))
    finished = db.session.execute(update(StockCount).where(StockCount.id == count.id, IS_OPEN)
                                  .values(state="finished", finished_by_id=user_id, finished_at=now())
                                  .execution_options(synchronize_session=False)).rowcount
    if finished != 1:
        raise CountRefused(_l("Phiếu kiểm kê này đã được chốt rồi."))
    for line in sorted(count.lines, key=lambda line: (line.product_id, line.batch_id or 0)):
        _apply(place, line, count.note, user_id)
    db.session.refresh(count)
    return count


def _apply(place, line: StockCountLine, note: str | None, user_id: int | None) -> None:
    """Set the line's on hand (its batch's) to the units counted, while it is still the number the counter saw."""
    try:
        count_stock(place, line.product, line.counted, expected=line.expected, note=note, user_id=user_id,
                    batch=line.batch)
    except StockRefused as refused:
        raise CountRefused(f"{line_name(line)}: {refused}") from None
    except CountUnexplained:
        raise CountInvalid(_l("%(name)s: số đếm (%(counted)s) khác số trên sổ (%(expected)s): hãy ghi lý do vào "
                              "ghi chú.", name=line_name(line), counted=line.counted,
                              expected=line.expected)) from None


def line_name(line) -> str:
    """A stock or count line in words: the product's name, and its batch's code when it has one."""
    if line.batch is None:
        return line.product.name
    return str(_l("%(name)s, lô %(code)s", name=line.product.name, code=line.batch.code))


def _open(place, user_id: int | None) -> StockCount:
    """The outlet's open count, or a new one; one opened by someone else at the same moment refuses this one."""
    count = open_count(place.id)
    if count is not None:
        return count
    count = StockCount(location_id=place.id, state="open", started_by_id=user_id)
    db.session.add(count)
    try:
        db.session.flush()
    except IntegrityError:  # one open count per outlet: the other one won
        raise CountRefused(_l("Một người khác vừa mở phiếu kiểm kê của điểm bán: hãy tải lại trang rồi nhập "
                              "lại.")) from None
    return count


def _checked_note(note: str | None) -> str | None:
    """The note in one line, None when empty; too long is `CountInvalid`."""
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise CountInvalid(_l("Ghi chú tối đa %(max)s ký tự.", max=MAX_NOTE))
    return note or None
