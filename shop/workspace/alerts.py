"""/seller/alerts: the pull alerts on the producer's products at every OCOP outlet."""
from flask import Blueprint, g, render_template, request

from shop.accounts.access import requires
from shop.catalog.models import Product
from shop.extensions import db
from shop.transfers.pull_alerts import open_alerts
from shop.web import parse_page_number

bp = Blueprint("alerts", __name__)


@bp.get("/alerts")
@requires("member")
def alerts():
    listing = db.paginate(open_alerts(Product.seller_id == g.seller.id), page=parse_page_number(request.args),
                          per_page=30, error_out=False)
    return render_template("seller/alerts.html", listing=listing)
