"""/seller/transfers: a producer's consignment transfers to OCOP outlets, returns from them, outlets' requests.

The list pages through them by state; the form makes a draft transfer (phiếu chuyển kho) of the producer's
own products to any OCOP outlet. Every transfer is loaded through the current producer: another producer's
transfer answers 404. Each step answers 303 back to the transfer's page; a refused step (sent meanwhile,
not enough units, a shortfall without a note) shows the page again with the reason and the refusal's
status (409, 422).
"""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from shop.accounts.access import requires
from shop.catalog import editing
from shop.catalog.models import Product
from shop.clock import today
from shop.errors import Invalid
from shop.extensions import db
from shop.forms import received_units
from shop.inventory.outlets import outlets
from shop.inventory.services import available_by_product
from shop.text import fold
from shop.transfers import services
from shop.transfers.models import STATES
from shop.transfers.queries import producer_transfers, transfer_of_producer, waiting_for_producer
from shop.web import attempt, carry_out, found_or_404, parse_page_number, whole_number
from shop.workspace.forms import TransferForm

bp = Blueprint("transfers", __name__, url_prefix="/transfers")
PER_PAGE = 30
ROWS, MOST_ROWS = 5, services.MAX_LINES  # product rows the form shows at first, and at most (`?rows=N`)


@bp.get("")
@requires("member")
def transfers():
    state = request.args.get("state") or None
    if state is not None and state not in STATES:
        abort(400)
    listing = db.paginate(producer_transfers(g.seller.id, [state] if state else None),
                          page=parse_page_number(request.args), per_page=PER_PAGE, error_out=False)
    return render_template("seller/transfers.html", listing=listing, state=state, states=STATES,
                           waiting=waiting_for_producer(g.seller.id))


@bp.get("/new")
@requires("member")
def new_transfer():
    return _form_page(TransferForm())


@bp.post("")
@requires("member")
def create():
    form = TransferForm()
    if form.validate_on_submit():
        done, made = attempt(lambda: services.create_transfer(
            g.seller, form.place, _lines(form.lines.data), note=form.note.data, user_id=current_user.id,
            today=today()), form.lines)
        if done:
            flash(_("Đã lập phiếu %(number)s. Kiểm tra lại rồi bấm “Gửi hàng”.", number=made.number), "success")
            return redirect(url_for("seller.transfers.transfer", number=made.number), code=303)
    return _form_page(form, 422)


def _form_page(form, status=200):
    """The new-transfer form: every outlet by province, the producer's products with their free units, the rows
    as posted (or `?product=` in the first), `?rows=N` of them."""
    products = db.session.scalars(select(Product).where(Product.seller_id == g.seller.id)
                                  .order_by(Product.name)).all()
    typed = form.lines.rows[:MOST_ROWS] or [(request.args.get("product", ""), "")]
    shown = max(whole_number(request.args, "rows", 1, MOST_ROWS) or ROWS, len(typed))
    return render_template("seller/transfer_form.html", form=form, outlets=_outlets_by_province(),
                           products=products, available=available_by_product(g.seller.id, [p.id for p in products]),
                           rows=typed + [("", "")] * (shown - len(typed)), more=min(shown + ROWS, MOST_ROWS)), status


def _outlets_by_province() -> list[tuple[str, list]]:
    """Every OCOP outlet as (province, outlets) groups, the producer's own province first, then A to Z."""
    groups = {}
    for place in db.session.scalars(outlets()):
        groups.setdefault(place.province, []).append(place)
    return sorted(groups.items(), key=lambda group: (group[0] != g.seller.province, fold(group[0])))


def _lines(pairs) -> list[tuple]:
    """The rows' (slug, units) as (product, units), each one of the current producer's products."""
    lines = []
    for slug, units in pairs:
        product = editing.own_product(g.seller, slug)
        if product is None:
            raise Invalid(_l("Có sản phẩm không thuộc cơ sở của bạn: hãy chọn lại trong danh sách."))
        lines.append((product, units))
    return lines


def _own(number):
    return found_or_404(transfer_of_producer(number, g.seller.id))


def _page(number, status=200):
    return render_template("seller/transfer.html", transfer=_own(number)), status


def _step(number, action, success):
    """Carry out a step on the producer's transfer: back to its page, or the page with why not."""
    transfer = _own(number)
    done, outcome = carry_out(lambda: action(transfer), success)
    if done:
        return redirect(url_for("seller.transfers.transfer", number=transfer.number), code=303)
    return _page(number, outcome.status)


@bp.get("/<transfer_number:number>")
@requires("member")
def transfer(number):
    return _page(number)


@bp.post("/<transfer_number:number>/accept")
@requires("member")
def accept(number):
    return _step(number, lambda found: services.accept_request(found, user_id=current_user.id),
                 _("Đã nhận đề nghị: kiểm tra số lượng rồi gửi hàng."))


@bp.post("/<transfer_number:number>/send")
@requires("member")
def send(number):
    return _step(number, lambda found: services.send_transfer(
        found, by="producer", user_id=current_user.id, today=today()),
        _("Đã gửi hàng: hàng đang trên đường đến điểm bán."))


@bp.post("/<transfer_number:number>/cancel")
@requires("member")
def cancel(number):
    return _step(number, lambda found: services.cancel_transfer(
        found, by="producer", user_id=current_user.id, note=request.form.get("note")), _("Đã huỷ phiếu chuyển."))


@bp.post("/<transfer_number:number>/receive")
@requires("member")
def receive(number):
    return _step(number, lambda found: services.receive_transfer(
        found, received_units(request.form, found.lines), by="producer", note=request.form.get("note"),
        user_id=current_user.id),
        _("Đã nhận hàng trả về kho."))
