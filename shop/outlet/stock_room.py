"""/outlet: a staff member's outlets, and each outlet's stock room with the certificate state of every line."""
from dataclasses import dataclass
from itertools import groupby

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from shop.accounts.access import requires
from shop.catalog.models import Product
from shop.certification.services import shelf_status
from shop.clock import today
from shop.errors import Invalid
from shop.extensions import db
from shop.forms import MAX_UNITS, UNITS, typed_price
from shop.inventory.models import Batch, StockLevel
from shop.inventory.services import set_minimum, set_outlet_price
from shop.outlet.places import own_outlet, own_outlets
from shop.transfers.queries import arriving
from shop.web import carry_out, parse_page_number

bp = Blueprint("outlet", __name__, url_prefix="/outlet")
LINES_PER_PAGE = 30


@bp.get("/")
@requires("outlet")
def home():
    outlets = own_outlets()
    if len(outlets) == 1:
        return redirect(url_for("outlet_dashboard.dashboard", outlet=outlets[0].slug))
    return render_template("outlet/home.html", outlets=outlets, arriving=arriving([place.id for place in outlets]))


@bp.get("/<slug:outlet>/stock")
@requires("outlet")
def stock(outlet):
    return page(own_outlet(outlet))


@bp.post("/<slug:outlet>/stock/price")
@requires("outlet")
def set_price(outlet):
    return _line_set(own_outlet(outlet), lambda place, line: set_outlet_price(
        place, line.product, typed_price(request.form.get("price_vnd"))), _("Đã lưu giá bán tại quầy."))


def _line_set(place, change, success):
    """Make a stock-room form's `change` to the line of the product it names: back to the stock room, or the
    room again with why not (an empty price or minimum clears it)."""
    def changed():
        line = held(place, request.form.get("product", ""))
        if line is None:
            raise Invalid(_("Hãy chọn một sản phẩm có tại điểm bán."))
        change(place, line)

    done, outcome = carry_out(changed, success)
    if done:
        return redirect(url_for("outlet.stock", outlet=place.slug), 303)
    return page(place, status=outcome.status)


def held(place, slug: str):
    """The outlet's stock line of the product with this slug, or None."""
    return db.session.scalar(lines_at(place).where(Product.slug == slug.strip()))


def lines_at(place):
    """SELECT the outlet's stock levels, each with its product, producer, current certificate and batch, by name
    (a product's batches earliest best-before first, its units of no batch last)."""
    return (select(StockLevel).join(StockLevel.product).outerjoin(StockLevel.batch)
            .where(StockLevel.location_id == place.id)
            .options(contains_eager(StockLevel.product).joinedload(Product.seller),
                     contains_eager(StockLevel.product).joinedload(Product.current_certificate),
                     contains_eager(StockLevel.batch))
            .order_by(Product.name, Product.id, StockLevel.batch_id.is_(None), Batch.best_before, StockLevel.id))


@dataclass(frozen=True)
class ProductLine:
    """One product the outlet holds, as one line: its levels there (`lines_at`'s order) summed. Its counter
    price and minimum are the product's at the outlet, written on every level alike."""

    levels: list

    @property
    def product(self):
        return self.levels[0].product

    @property
    def on_hand(self) -> int:
        return sum(level.on_hand for level in self.levels)

    @property
    def price_vnd(self) -> int | None:
        return self.levels[0].price_vnd

    @property
    def minimum(self) -> int | None:
        return self.levels[0].minimum

    @property
    def top_up(self) -> int:
        """Units that would bring the product's total back up to the outlet's minimum (0: not below, or none)."""
        return max((self.minimum or 0) - self.on_hand, 0)

    @property
    def batches(self) -> list:
        """The levels of the product's batches, earliest best-before first."""
        return [level for level in self.levels if level.batch]


def product_lines(levels) -> list[ProductLine]:
    """`lines_at`'s levels (in its order) as one line per product."""
    return [ProductLine(list(same)) for _, same in groupby(levels, key=lambda level: level.product_id)]


def page(place, *, status=200, returning=None):
    """The stock room of `place`, one line per product; `returning` is a return form that was refused (shown
    again, open, with its values)."""
    held_ids = (select(StockLevel.product_id).join(StockLevel.product).where(StockLevel.location_id == place.id)
                .group_by(StockLevel.product_id, Product.name).order_by(Product.name, StockLevel.product_id))
    listing = db.paginate(held_ids, page=parse_page_number(request.args), per_page=LINES_PER_PAGE, error_out=False)
    listing.items = product_lines(db.session.scalars(lines_at(place).where(StockLevel.product_id.in_(listing.items))))
    day = today()
    shelf = {line.product.id: shelf_status(line.product, day) for line in listing.items}
    return render_template("outlet/stock.html", outlet=place, listing=listing, shelf=shelf, today=day,
                           arriving=arriving([place.id]).get(place.id, 0), returning=returning or {}), status


@bp.post("/<slug:outlet>/stock/minimum")
@requires("outlet")
def set_line_minimum(outlet):
    return _line_set(own_outlet(outlet), lambda place, line: set_minimum(place, line.product, _typed_minimum()),
                     _("Đã lưu mức tồn tối thiểu."))


def _typed_minimum() -> int | None:
    """The form's `minimum`: a whole number of units from 1 to MAX_UNITS, None when left empty."""
    typed = (request.form.get("minimum") or "").strip()
    if typed and (not UNITS.fullmatch(typed) or not 1 <= int(typed) <= MAX_UNITS):
        raise Invalid(_("Mức tối thiểu là số nguyên từ 1 đến %(most)s (để trống: không đặt).", most=MAX_UNITS))
    return int(typed) if typed else None
