"""/outlet/<outlet>/alerts: the outlet's open pull alerts, each with the button that returns its units."""
from flask import Blueprint, render_template, request

from shop.accounts.access import requires
from shop.extensions import db
from shop.outlet.places import own_outlet
from shop.transfers.models import PullAlert
from shop.transfers.pull_alerts import open_alerts
from shop.web import parse_page_number

bp = Blueprint("outlet_alerts", __name__, url_prefix="/outlet")
ALERTS_PER_PAGE = 30


@bp.get("/<slug:outlet>/alerts")
@requires("outlet")
def alerts(outlet):
    place = own_outlet(outlet)
    listing = db.paginate(open_alerts(PullAlert.location_id == place.id), page=parse_page_number(request.args),
                          per_page=ALERTS_PER_PAGE, error_out=False)
    return render_template("outlet/alerts.html", outlet=place, listing=listing)
