"""/outlet/<outlet>/sales: the till — counter sales at an OCOP outlet, their receipts (80 mm or A4), the day's
list, and voids.

A sale answers 303 to its receipt; a product no longer certified, or units another till just sold, answer the
till again with the reason, 409; bad input 422; nothing is written either way.
"""
from itertools import zip_longest

import segno
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from shop.accounts.access import requires
from shop.clock import today
from shop.counter import services
from shop.counter.vietqr import payload
from shop.errors import Invalid
from shop.extensions import db
from shop.forms import MAX_UNITS, UNITS, typed_price
from shop.inventory.models import StockLevel
from shop.outlet import stock_room
from shop.outlet.places import own_outlet
from shop.security_headers import allows
from shop.web import carry_out, found_or_404, parse_page_number

bp = Blueprint("outlet_sales", __name__, url_prefix="/outlet")
SALES_PER_PAGE = 30
TILL_ROWS = 4  # empty rows on the till: a basket's worth, short on a phone
PAPERS = ("80mm", "a4")


@bp.get("/<slug:outlet>/sales")
@requires("outlet")
def sales(outlet):
    place = own_outlet(outlet)
    listing = db.paginate(services.sales_at(place.id), page=parse_page_number(request.args),
                          per_page=SALES_PER_PAGE, error_out=False)
    count, total = services.takings(place.id, today())
    return render_template("outlet/sales.html", outlet=place, listing=listing, today_count=count, today_total=total)


@bp.get("/<slug:outlet>/sales/new")
@requires("outlet")
@allows("camera")
def new_sale(outlet):
    return _till(own_outlet(outlet))


def _till(place, status=200):
    """The till: rows to fill (the posted ones kept as typed), what the outlet holds to pick from, payment."""
    posted = list(zip_longest(*(request.form.getlist(name) for name in ("product", "quantity", "price_vnd")),
                              fillvalue=""))[:services.MAX_LINES]
    rows = posted + [("", "", "")] * max(TILL_ROWS - len(posted), 1 if posted else 0)
    shelf = stock_room.product_lines(db.session.scalars(stock_room.lines_at(place).where(StockLevel.on_hand > 0)))
    return render_template("outlet/till.html", outlet=place, rows=rows, shelf=shelf, form=request.form), status


@bp.post("/<slug:outlet>/sales")
@requires("outlet")
@allows("camera")
def sell(outlet):
    place = own_outlet(outlet)
    done, outcome = carry_out(lambda: services.sell(place, _sale_lines(place), payment=request.form.get("payment"),
                                                    user_id=current_user.id, today=today()))
    if done:
        return redirect(url_for("outlet_sales.receipt", outlet=place.slug, sale=outcome.number), 303)
    return _till(place, outcome.status)


def _sale_lines(place) -> list[tuple]:
    """The till's rows as (stock line, units, price or None); empty rows skipped, a bad row is `SaleInvalid`."""
    lines = []
    columns = (request.form.getlist(name) for name in ("product", "quantity", "price_vnd"))
    for row, (typed, units, price) in enumerate(zip_longest(*columns, fillvalue=""), 1):
        typed, units, price = typed.strip(), units.strip(), price.strip()
        if not typed and not units and not price:
            continue
        if not UNITS.fullmatch(units) or not 1 <= int(units) <= MAX_UNITS:
            raise services.SaleInvalid(_("Dòng %(row)s: số lượng là số nguyên từ 1 đến %(most)s.", row=row,
                                         most=MAX_UNITS))
        level = services.find_on_shelf(place, typed[:160])
        if level is None:
            raise services.SaleInvalid(_("Dòng %(row)s: điểm bán không có sản phẩm “%(typed)s” (hãy nhập mã sản "
                                         "phẩm, mã chứng nhận hoặc mã vạch).", row=row, typed=typed[:60]))
        lines.append((level, int(units), _price(row, price)))
    return lines


def _price(row: int, typed: str) -> int | None:
    """A row's price, None when left empty; a bad one names its row."""
    try:
        return typed_price(typed)
    except Invalid as problem:
        raise services.SaleInvalid(_("Dòng %(row)s: %(problem)s", row=row, problem=problem)) from None


@bp.get("/<slug:outlet>/sales/<sale_number:sale>")
@requires("outlet")
def receipt(outlet, sale):
    place = own_outlet(outlet)
    return _receipt(place, found_or_404(services.sale_at(sale, place.id)))


def _receipt(place, sale, status=200):
    paper = request.args.get("paper") if request.args.get("paper") in PAPERS else PAPERS[0]
    return render_template("outlet/receipt.html", outlet=place, sale=sale, paper=paper,
                           qr=_payment_qr(place, sale)), status


def _payment_qr(place, sale) -> Markup | None:
    """The VietQR code (inline SVG) for a sale paid by bank transfer, when the outlet has set its bank account."""
    if sale.payment != "transfer" or sale.state != "sold" or not (place.bank_bin and place.bank_account):
        return None
    text = payload(place.bank_bin, place.bank_account, sale.total_vnd, sale.number)
    return Markup(segno.make(text, error="m").svg_inline(scale=4, border=2, title=_("Mã VietQR chuyển khoản")))


@bp.post("/<slug:outlet>/sales/<sale_number:sale>/void")
@requires("outlet")
def void(outlet, sale):
    place = own_outlet(outlet)
    found = found_or_404(services.sale_at(sale, place.id))
    done, outcome = carry_out(lambda: services.void_sale(found, reason=request.form.get("reason"),
                                                         user_id=current_user.id),
                              _("Đã huỷ biên lai; hàng đã về lại kho của điểm bán."))
    if done:
        return redirect(url_for("outlet_sales.receipt", outlet=place.slug, sale=found.number), 303)
    return _receipt(place, found_or_404(services.sale_at(sale, place.id)), outcome.status)


