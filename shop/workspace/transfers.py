"""/seller/transfers: a producer's consignment transfers to OCOP outlets, returns from them, outlets' requests.

Every transfer is loaded through the current producer: another producer's transfer answers 404.
Each step answers 303 back to the transfer's page; a refused step (sent meanwhile, not enough units,
a shortfall without a note) shows the page again with the reason and the refusal's status (409, 422).
"""
from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.access import requires
from shop.clock import today
from shop.forms import counted_units
from shop.transfers import services
from shop.transfers.queries import transfer_of_producer
from shop.web import carry_out, found_or_404

bp = Blueprint("transfers", __name__, url_prefix="/transfers")


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
        found, received_of(found, request.form), by="producer", note=request.form.get("note"), user_id=current_user.id),
        _("Đã nhận hàng trả về kho."))


def received_of(transfer, form) -> dict[int, int]:
    """The units a receive form says arrived, by product id (a line left out arrived in full)."""
    by_slug = {line.product.slug: line.product_id for line in transfer.lines}
    return {by_slug[slug]: units for slug, units in counted_units(form, "received-", by_slug).items()}
