"""/seller/transfers: a producer's consignment transfers to OCOP outlets, returns from them, outlets' requests.

Every transfer is loaded through the current producer: another producer's transfer answers 404.
"""
from flask import Blueprint, g, render_template

from shop.accounts.access import requires
from shop.transfers.queries import transfer_of_producer
from shop.web import found_or_404

bp = Blueprint("transfers", __name__, url_prefix="/transfers")


@bp.get("/<transfer_number:number>")
@requires("member")
def transfer(number):
    return render_template("seller/transfer.html", transfer=found_or_404(transfer_of_producer(number, g.seller.id)))
