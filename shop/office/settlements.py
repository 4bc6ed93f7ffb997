"""/office/settlements: every outlet's open consignment settlements, marked paid here by the office (each one
audited and told to the producer), and the paid ones; each table downloads as CSV or XLSX (`?format=csv&table=`).

The office marks a settlement paid exactly as the page showed it — up to the last ledger row it counted, owing the
amount it showed — or is told that the figures changed meanwhile (409); anything later lands in the next period.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.access import requires
from shop.clock import today
from shop.extensions import db
from shop.inventory import outlets
from shop.office import services as office
from shop.sellers.models import Seller
from shop.settlements import services
from shop.settlements.sheets import export
from shop.web import WHOLE_NUMBER, carry_out, found_or_404, parse_page_number

bp = Blueprint("settlements", __name__, url_prefix="/settlements")
PER_PAGE = 30


@bp.get("")
@requires("office")
def settlements():
    still_open, paid = services.open_settlements(), services.paid_settlements()
    if request.args.get("format") is not None:
        return export(request.args["format"], request.args.get("table", "open"), "quyet-toan", still_open,
                      db.session.scalars(paid).all())
    listing = db.paginate(paid, page=parse_page_number(request.args), per_page=PER_PAGE, error_out=False)
    return render_template("office/settlements.html", still_open=still_open, listing=listing)


@bp.post("/paid")
@requires("office")
def mark_paid():
    """Mark the settlement of the producer (`seller`) at the outlet (`outlet`) paid as shown (`through`, `owed`)."""
    seller_id, through, owed = _number("seller"), _number("through"), _number("owed")
    if seller_id is None or through is None or owed is None:
        abort(400)
    place = found_or_404(outlets.find_outlet(request.form.get("outlet", "")))
    seller = found_or_404(db.session.get(Seller, seller_id))
    done, settlement = carry_out(lambda: office.mark_settlement_paid(current_user, place, seller, through=through,
                                                                     owed_vnd=owed, today=today()))
    if done:
        flash(_("Đã đánh dấu quyết toán %(number)s là đã trả.", number=settlement.number), "success")
    return redirect(url_for("office.settlements.settlements"), 303)


def _number(name: str) -> int | None:
    """A whole number posted in field `name`, or None."""
    raw = request.form.get(name, "")
    return int(raw) if WHOLE_NUMBER.fullmatch(raw) else None
