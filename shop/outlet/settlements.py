"""/outlet/<outlet>/settlements: what the outlet owes each producer whose units it sells on consignment — open
settlements as they stand, and the paid ones; each table downloads as CSV or XLSX (`?format=xlsx&table=open`)."""
from flask import Blueprint, render_template, request

from shop.accounts.access import requires
from shop.extensions import db
from shop.outlet.places import own_outlet
from shop.settlements import services
from shop.settlements.sheets import export
from shop.web import parse_page_number

bp = Blueprint("outlet_settlements", __name__, url_prefix="/outlet")
PER_PAGE = 30


@bp.get("/<slug:outlet>/settlements")
@requires("outlet")
def settlements(outlet):
    place = own_outlet(outlet)
    still_open, paid = services.open_settlements(outlet_id=place.id), services.paid_settlements(outlet_id=place.id)
    if request.args.get("format") is not None:
        return export(request.args["format"], request.args.get("table", "open"), f"quyet-toan-{place.slug}",
                      still_open, db.session.scalars(paid).all())
    listing = db.paginate(paid, page=parse_page_number(request.args), per_page=PER_PAGE, error_out=False)
    return render_template("outlet/settlements.html", outlet=place, still_open=still_open, listing=listing)
