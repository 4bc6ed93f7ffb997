"""/outlet: a staff member's outlets, and each outlet's stock room with the certificate state of every line."""
from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from shop.accounts.access import requires
from shop.catalog.models import Product
from shop.certification.services import shelf_status
from shop.clock import today
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.outlet.places import own_outlet, own_outlets
from shop.transfers.queries import arriving
from shop.web import parse_page_number

bp = Blueprint("outlet", __name__, url_prefix="/outlet")
LINES_PER_PAGE = 30


@bp.get("/")
@requires("outlet")
def home():
    outlets = own_outlets()
    if len(outlets) == 1:
        return redirect(url_for("outlet.stock", outlet=outlets[0].slug))
    return render_template("outlet/home.html", outlets=outlets, arriving=arriving([place.id for place in outlets]))


@bp.get("/<slug:outlet>/stock")
@requires("outlet")
def stock(outlet):
    return page(own_outlet(outlet))


def lines_at(place):
    """SELECT the outlet's stock lines, each with its product, producer and current certificate, by name."""
    return (select(StockLevel).join(StockLevel.product).where(StockLevel.location_id == place.id)
            .options(contains_eager(StockLevel.product).joinedload(Product.seller),
                     contains_eager(StockLevel.product).joinedload(Product.current_certificate))
            .order_by(Product.name, StockLevel.id))


def page(place, *, status=200, returning=None):
    """The stock room of `place`; `returning` is a return form that was refused (shown again, open, with its values)."""
    listing = db.paginate(lines_at(place), page=parse_page_number(request.args), per_page=LINES_PER_PAGE,
                          error_out=False)
    day = today()
    shelf = {line.id: shelf_status(line.product, day) for line in listing.items}
    return render_template("outlet/stock.html", outlet=place, listing=listing, shelf=shelf,
                           arriving=arriving([place.id]).get(place.id, 0), returning=returning or {}), status
