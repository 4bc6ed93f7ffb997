"""/seller/orders: a producer's order desk — its own parts of orders only, moved step by step."""
from flask import Blueprint, abort, g, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from shop.accounts.access import requires
from shop.errors import wants_json
from shop.extensions import db
from shop.orders import fulfilment
from shop.orders.models import SELLER_ORDER_STATUSES
from shop.web import carry_out, found_or_404, parse_page_number

bp = Blueprint("orders", __name__, url_prefix="/orders")
DONE = {
    "confirm": _l("Đã xác nhận đơn."), "ship": _l("Đã ghi nhận giao cho đơn vị vận chuyển."),
    "deliver": _l("Đã ghi nhận giao hàng thành công."), "cancel": _l("Đã hủy đơn; hàng đã trả về kho."),
    "refund": _l("Đã ghi nhận hoàn tiền."),
}


@bp.get("/")
@requires("member")
def orders():
    status = request.args.get("status") or None
    if status is not None and status not in SELLER_ORDER_STATUSES:
        abort(400)
    listing = fulfilment.parts_of(g.seller, status, parse_page_number(request.args))
    return render_template("seller/desk.html", listing=listing, status=status, statuses=SELLER_ORDER_STATUSES)


@bp.get("/<int:part_id>")
@requires("member")
def part(part_id):
    found = found_or_404(fulfilment.own_part(g.seller, part_id))
    return render_template("seller/desk_part.html", part=found, next_steps=fulfilment.NEXT)


@bp.post("/<int:part_id>/<any(confirm, ship, deliver, cancel, refund):step>")
@requires("member")
def move(part_id, step):
    found = found_or_404(fulfilment.own_part(g.seller, part_id))
    actions = {
        "confirm": lambda: fulfilment.confirm(found),
        "ship": lambda: fulfilment.ship(found, request.form.get("carrier", ""),
                                        request.form.get("tracking_number", "")),
        "deliver": lambda: fulfilment.deliver(found),
        "cancel": lambda: fulfilment.cancel(found, current_user.id),
        "refund": lambda: fulfilment.refund(found),
    }
    if wants_json():
        actions[step]()  # a refusal is answered by shop.errors: 409 {"error": {"code": "illegal_transition"}}
        db.session.commit()
        return jsonify(status=found.status)
    carry_out(actions[step], DONE[step])
    return redirect(url_for("seller.orders.part", part_id=part_id))
