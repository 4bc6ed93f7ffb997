"""/seller/settlements: the producer's consignment settlements at each outlet — open ones as they stand, and the
paid ones — never another producer's; each table downloads as CSV or XLSX (`?format=csv&table=paid`)."""
from flask import Blueprint, g, render_template, request

from shop.accounts.access import requires
from shop.extensions import db
from shop.settlements import services
from shop.settlements.sheets import export
from shop.web import parse_page_number

bp = Blueprint("settlements", __name__, url_prefix="/settlements")
PER_PAGE = 30


@bp.get("")
@requires("member")
def settlements():
    owner = g.seller.id
    still_open, paid = services.open_settlements(seller_id=owner), services.paid_settlements(seller_id=owner)
    if request.args.get("format") is not None:
        return export(request.args["format"], request.args.get("table", "open"), "quyet-toan", still_open,
                      db.session.scalars(paid).all())
    listing = db.paginate(paid, page=parse_page_number(request.args), per_page=PER_PAGE, error_out=False)
    return render_template("seller/settlements.html", still_open=still_open, listing=listing)
