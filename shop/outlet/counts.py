"""/outlet/<outlet>/counts: stock counts (kiểm kê) — the count sheet, saved as it is typed and then finished,
and the outlet's count history.

Saving or finishing answers 303 (to the sheet, or to the finished count's page); units that moved since the
sheet was shown, or a count finished already, answer the sheet again with the reason, 409; bad input (a count
that is no whole number, nothing counted, a difference without a note) 422; nothing is written either way.
"""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.access import requires
from shop.clock import today
from shop.counts import services
from shop.errors import Invalid
from shop.extensions import db
from shop.forms import counted_units
from shop.outlet import stock_room
from shop.outlet.places import own_outlet
from shop.security_headers import allows
from shop.transfers.pull_alerts import close_if_returned
from shop.web import carry_out, found_or_404, parse_page_number

bp = Blueprint("outlet_counts", __name__, url_prefix="/outlet")
COUNTS_PER_PAGE = 30


@bp.get("/<slug:outlet>/counts")
@requires("outlet")
def counts(outlet):
    place = own_outlet(outlet)
    listing = db.paginate(services.counts_at(place.id), page=parse_page_number(request.args),
                          per_page=COUNTS_PER_PAGE, error_out=False)
    return render_template("outlet/counts.html", outlet=place, listing=listing)


@bp.get("/<slug:outlet>/counts/sheet")
@requires("outlet")
@allows("camera")  # the sheet scans codes to find a line
def sheet(outlet):
    return _sheet(own_outlet(outlet))


def _sheet(place, status=200):
    """The count sheet: every line the outlet holds (a product held in batches: one per batch, and one for its
    units of no batch if any) with the units on record, the units counted so far (or as typed, unless the units
    on record moved since), and the count's note."""
    count = services.open_count(place.id)
    saved = {(line.product_id, line.batch_id): line for line in (count.lines if count else [])}
    rows = [_row(level, saved.get((level.product_id, level.batch_id))) for level in _countable(place, saved)]
    note = request.form.get("note", count.note if count else "") or ""
    return render_template("outlet/count_sheet.html", outlet=place, count=count, rows=rows, note=note,
                           today=today(), line_name=services.line_name), status


def _countable(place, saved) -> list:
    """The outlet's stock lines to count: all of them but the empty no-batch line of a product held in batches
    (unless it was counted already)."""
    levels = db.session.scalars(stock_room.lines_at(place)).all()
    batched = {level.product_id for level in levels if level.batch_id is not None}
    return [level for level in levels if level.batch_id is not None or level.on_hand
            or level.product_id not in batched or (level.product_id, None) in saved]


def _key(level) -> str:
    """A sheet line's name in the form: the product's slug, and `.<batch id>` for a batch's line."""
    return level.product.slug if level.batch_id is None else f"{level.product.slug}.{level.batch_id}"


def _row(level, line) -> dict:
    """One line of the sheet: the units on record shown (the saved line's while they still hold), the value in the
    box (typed, else saved), and the saved line made stale by a sale or a receipt since."""
    stale = line is not None and line.expected != level.on_hand
    expected = line.expected if line is not None and not stale else level.on_hand
    key = _key(level)
    typed = request.form.get(f"counted-{key}") if request.form.get(f"expected-{key}") == str(expected) else None
    value = typed if typed is not None else ("" if line is None or stale else str(line.counted))
    return {"level": level, "key": key, "line": line, "expected": expected, "value": value, "stale": stale}


@bp.post("/<slug:outlet>/counts")
@requires("outlet")
@allows("camera")
def save(outlet):
    place = own_outlet(outlet)
    finishing = bool(request.form.get("finish"))
    done, outcome = carry_out(lambda: _saved(place, finishing),
                              _("Đã chốt kiểm kê: chênh lệch đã ghi vào sổ kho.") if finishing
                              else _("Đã lưu phiếu kiểm kê; bạn có thể đếm tiếp sau."))
    if not done:
        return _sheet(place, outcome.status)
    if finishing:
        return redirect(url_for("outlet_counts.count", outlet=place.slug, count=outcome.id), 303)
    return redirect(url_for("outlet_counts.sheet", outlet=place.slug), 303)


def _saved(place, finishing: bool):
    """Save what the sheet posted, and finish the count if asked."""
    count = services.save_count(place, _typed(place), note=request.form.get("note"), user_id=current_user.id)
    if not finishing:
        return count
    services.finish_count(place, count, user_id=current_user.id)
    for product in {line.product for line in count.lines}:  # a count that found an alert's units gone ends it
        close_if_returned(place, product, today(), by="counted")
    return count


def _typed(place) -> list[tuple]:
    """The sheet's `counted-<line>` boxes filled in, as (stock line, units counted, units on record shown)."""
    levels = {_key(level): level for level in db.session.scalars(stock_room.lines_at(place))}
    counted = counted_units(request.form, "counted-", levels)
    shown = counted_units(request.form, "expected-", counted)
    if set(shown) != set(counted):
        raise Invalid(_("Phiếu kiểm kê đã cũ: hãy tải lại trang rồi nhập lại."))
    return [(levels[key], units, shown[key]) for key, units in counted.items()]


@bp.get("/<slug:outlet>/counts/<int:count>")
@requires("outlet")
def count(outlet, count):
    place = own_outlet(outlet)
    return render_template("outlet/count.html", outlet=place, count=found_or_404(services.count_at(count, place.id)))
