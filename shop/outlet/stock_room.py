"""/outlet: a staff member's outlets, and each outlet's stock room with the certificate state of every line."""
from flask import Blueprint, g, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from shop.accounts.access import requires
from shop.catalog.models import Product
from shop.certification.services import shelf_status
from shop.clock import today
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.web import found_or_404, parse_page_number

bp = Blueprint("outlet", __name__, url_prefix="/outlet")
LINES_PER_PAGE = 30


def _outlets() -> list:
    """The signed-in staff member's outlets (never a producer's warehouse), by name."""
    return sorted((place for place in g.outlets if place.kind != "warehouse"), key=lambda place: place.name)


@bp.get("/")
@requires("outlet")
def home():
    outlets = _outlets()
    if len(outlets) == 1:
        return redirect(url_for("outlet.stock", outlet=outlets[0].slug))
    return render_template("outlet/home.html", outlets=outlets)


@bp.get("/<slug:outlet>/stock")
@requires("outlet")
def stock(outlet):
    place = found_or_404(next((place for place in _outlets() if place.slug == outlet), None))
    lines = (select(StockLevel).join(StockLevel.product).where(StockLevel.location_id == place.id)
             .options(contains_eager(StockLevel.product).joinedload(Product.seller),
                      contains_eager(StockLevel.product).joinedload(Product.current_certificate))
             .order_by(Product.name, StockLevel.id))
    listing = db.paginate(lines, page=parse_page_number(request.args), per_page=LINES_PER_PAGE, error_out=False)
    day = today()
    shelf = {line.id: shelf_status(line.product, day) for line in listing.items}
    return render_template("outlet/stock.html", outlet=place, listing=listing, shelf=shelf)
