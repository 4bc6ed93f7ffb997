"""/outlet/transfers: transfers to and from the signed-in staff member's outlets — receive, return, request.

A transfer that touches none of this person's outlets answers 404.
"""
from flask import Blueprint, g, render_template

from shop.accounts.access import requires
from shop.transfers.queries import transfer_at_outlets
from shop.web import found_or_404

bp = Blueprint("outlet_transfers", __name__, url_prefix="/outlet")


@bp.get("/transfers/<transfer_number:number>")
@requires("outlet")
def transfer(number):
    found = transfer_at_outlets(number, [place.id for place in g.outlets])
    return render_template("outlet/transfer.html", transfer=found_or_404(found))
