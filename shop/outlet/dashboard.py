"""/outlet/<outlet>: an outlet's day at a glance — today's sales, the lines below their minimum (each with its
request to the producer ready), the transfers on their way in, and the open stock count."""
from flask import Blueprint, render_template

from shop.accounts.access import requires
from shop.catalog.sellable import is_certified
from shop.clock import today
from shop.counter.services import takings
from shop.counts.services import open_count
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.outlet import stock_room
from shop.outlet.places import own_outlet
from shop.transfers.queries import arriving_at

bp = Blueprint("outlet_dashboard", __name__, url_prefix="/outlet")


@bp.get("/<slug:outlet>")
@requires("outlet")
def dashboard(outlet):
    place = own_outlet(outlet)
    day = today()
    sold, takings_vnd = takings(place.id, day)
    return render_template("outlet/dashboard.html", outlet=place, sold=sold, takings_vnd=takings_vnd,
                           low=low_stock(place, day), arriving=arriving_at(place.id), count=open_count(place.id))


def low_stock(place, day) -> list[tuple]:
    """The outlet's products whose total (every batch) is below their minimum, as (product line, may it be asked
    for: certified on `day`)."""
    lines = stock_room.product_lines(db.session.scalars(stock_room.lines_at(place)
                                                        .where(StockLevel.minimum.is_not(None))))
    return [(line, is_certified(line.product, day)) for line in lines if line.top_up]
