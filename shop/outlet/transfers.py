"""/outlet transfers: the transfers to and from the signed-in staff member's outlets — the inbox, receiving,
cancelling, returns to the producer and requests for stock.

A transfer or an outlet that is none of this person's answers 404. Each step answers 303 to the transfer's
page; a refused step shows its page again with the reason and the refusal's status (409 conflict, 422 invalid).
"""
from itertools import groupby, zip_longest

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.access import requires
from shop.catalog.queries import certified_products
from shop.clock import today
from shop.errors import Invalid
from shop.extensions import db
from shop.forms import UNITS, quantity_pairs, received_units
from shop.inventory.services import find_batch
from shop.outlet import stock_room
from shop.outlet.places import own_outlet, own_outlets
from shop.security_headers import allows
from shop.transfers import services
from shop.transfers.queries import outlet_inbox, transfer_at_outlets
from shop.web import carry_out, found_or_404, parse_page_number

bp = Blueprint("outlet_transfers", __name__, url_prefix="/outlet")
TRANSFERS_PER_PAGE = 30
REQUEST_ROWS = 8  # rows on a request form: enough for a shelf's restock, short on a phone


def _found(number):
    return found_or_404(transfer_at_outlets(number, [place.id for place in own_outlets()]))


def _page(transfer, status=200):
    return render_template("outlet/transfer.html", transfer=transfer, form=request.form), status


def _step(number, action, success):
    """Carry out a step on a transfer at the person's outlets: back to its page, or the page with why not."""
    transfer = _found(number)
    done, outcome = carry_out(lambda: action(transfer), success)
    if done:
        return _to_transfer(transfer)
    return _page(_found(number), outcome.status)


def _to_transfer(transfer):
    return redirect(url_for("outlet_transfers.transfer", number=transfer.number), code=303)


@bp.get("/<slug:outlet>/transfers")
@requires("outlet")
def inbox(outlet):
    place = own_outlet(outlet)
    listing = db.paginate(outlet_inbox(place.id), page=parse_page_number(request.args),
                          per_page=TRANSFERS_PER_PAGE, error_out=False)
    sections = [(name, list(items)) for name, items in groupby(listing.items, _section)]
    return render_template("outlet/transfers.html", outlet=place, listing=listing, sections=sections)


def _section(transfer) -> str:
    """Where a transfer stands in an outlet's inbox (the order outlet_inbox sorts them in)."""
    if transfer.state == "sent":
        return "returns" if transfer.is_return else "arriving"
    return "requests" if transfer.state in ("requested", "draft") else "history"


@bp.get("/transfers/<transfer_number:number>")
@requires("outlet")
@allows("camera")
def transfer(number):
    return _page(_found(number))


@bp.post("/transfers/<transfer_number:number>/receive")
@requires("outlet")
@allows("camera")
def receive(number):
    return _step(number, lambda found: services.receive_transfer(
        found, received_units(request.form, found.lines), by="outlet", note=request.form.get("note"),
        user_id=current_user.id), _("Đã nhận hàng vào điểm bán."))


@bp.post("/transfers/<transfer_number:number>/cancel")
@requires("outlet")
def cancel(number):
    return _step(number, lambda found: services.cancel_transfer(
        found, by="outlet", user_id=current_user.id, note=request.form.get("note")), _("Đã huỷ phiếu."))


@bp.post("/<slug:outlet>/returns")
@requires("outlet")
def return_units(outlet):
    place = own_outlet(outlet)
    done, outcome = carry_out(lambda: services.return_stock(
        place, *_one_line(place), note=request.form.get("note"), user_id=current_user.id, today=today(),
        batch=_chosen_batch(place)), _("Đã gửi trả hàng: nhà sản xuất sẽ nhận lại."))
    if done:
        return _to_transfer(outcome)
    return stock_room.page(place, status=outcome.status, returning=request.form)


def _one_line(place) -> tuple:
    """(product, units) of a return form: a product this outlet holds and a whole number of units."""
    pairs = quantity_pairs(request.form, most=1)
    line = stock_room.held(place, pairs[0][0]) if pairs else None
    if line is None:
        raise Invalid(_("Hãy chọn một sản phẩm có tại điểm bán và số lượng trả."))
    return line.product, pairs[0][1]


def _chosen_batch(place):
    """The batch a return form names (None: left to FEFO); one the product does not have is refused."""
    code = (request.form.get("batch") or "").strip()
    if not code:
        return None
    batch = find_batch(stock_room.held(place, request.form.get("product", "")).product, code)
    if batch is None:
        raise Invalid(_("Không có lô %(code)s của sản phẩm này.", code=code[:40]))
    return batch


@bp.get("/<slug:outlet>/requests/new")
@requires("outlet")
def new_request(outlet):
    return _request_form(own_outlet(outlet))


def _request_form(place, status=200):
    """The request form for the producer of the first product named (`?product=`, or the rows posted): rows
    to choose among that producer's products certified today, the rows posted kept as they were."""
    named = [slug for slug in request.values.getlist("product") if slug]
    chosen = next(iter(certified_products(today(), slugs=named[:1])), None)
    products = certified_products(today(), seller_id=chosen.seller_id) if chosen else []
    posted = zip_longest(request.form.getlist("product"), request.form.getlist("quantity"), fillvalue="")
    rows = list(posted)[:services.MAX_LINES] or [(chosen.slug if chosen else "", _asked_units())]
    rows += [("", "")] * (min(len(products), REQUEST_ROWS) - len(rows))
    return render_template("outlet/request.html", outlet=place, producer=chosen and chosen.seller,
                           products=products, rows=rows, form=request.form), status


def _asked_units() -> str:
    """`?quantity=` of a request form's link (a low-stock prompt: the units back up to the minimum), if whole."""
    units = request.args.get("quantity", "").strip()
    return units if UNITS.fullmatch(units) else ""


@bp.post("/<slug:outlet>/requests")
@requires("outlet")
def request_units(outlet):
    place = own_outlet(outlet)
    done, outcome = carry_out(lambda: services.request_stock(
        place, _asked_lines(), note=request.form.get("note"), user_id=current_user.id, today=today()),
        _("Đã gửi đề nghị cấp hàng cho nhà sản xuất."))
    if done:
        return _to_transfer(outcome)
    return _request_form(place, outcome.status)


def _asked_lines() -> list[tuple]:
    """The (product, units) rows of a request form; each product certified today, else `Invalid`."""
    pairs = quantity_pairs(request.form)
    products = {product.slug: product for product in certified_products(today(), slugs=[s for s, _n in pairs])}
    missing = [slug for slug, _units in pairs if slug not in products]
    if missing:
        raise Invalid(_("Không đề nghị được sản phẩm “%(slug)s”: không có hoặc chưa được chứng nhận OCOP.",
                        slug=missing[0]))
    return [(products[slug], units) for slug, units in pairs]
