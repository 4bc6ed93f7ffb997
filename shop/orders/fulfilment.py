"""A producer's order desk: move its part of an order through pending → confirmed → shipped → delivered,
or cancel it (stock comes back through the ledger) or refund it. Services flush; views commit."""
import stripe
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import contains_eager

from shop.clock import now
from shop.errors import Conflict
from shop.extensions import db
from shop.inventory.services import give_back
from shop.orders.models import Order, Payment, SellerOrder
from shop.orders.payments import refund_card

# Which status may follow which; anything else is refused.
NEXT = {
    "pending": ("confirmed", "cancelled"),
    "confirmed": ("shipped", "cancelled"),
    "shipped": ("delivered",),
    "delivered": ("refunded",),
    "cancelled": (),
    "refunded": (),
}


class FulfilmentRefused(Conflict):
    """A step that does not follow from the part's status (409 in JSON); the message says why."""

    code = "illegal_transition"


ACTIVE_ORDERS = ("placed", "paid")  # cash on delivery, or a card payment received: ready to fulfil


def parts_of(seller, status: str | None, page: int, per_page: int = 30):
    """A page of the producer's parts of placed or paid orders, newest first, optionally in one status."""
    query = (select(SellerOrder).join(SellerOrder.order)
             .where(SellerOrder.seller_id == seller.id, Order.status.in_(ACTIVE_ORDERS)))
    if status:
        query = query.where(SellerOrder.status == status)
    return db.paginate(query.options(contains_eager(SellerOrder.order)).order_by(SellerOrder.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def own_part(seller, part_id: int) -> SellerOrder | None:
    """This producer's part with this id (another producer's part is not found)."""
    return db.session.scalar(select(SellerOrder).where(SellerOrder.id == part_id, SellerOrder.seller_id == seller.id))


def _move(part: SellerOrder, status: str) -> None:
    if part.order.status not in ACTIVE_ORDERS:  # an unpaid card order holds reserved units, not sold ones
        raise FulfilmentRefused(_l("Đơn chưa được thanh toán: chưa thể xử lý."))
    old = part.status
    if status not in NEXT[old]:
        raise FulfilmentRefused(_l("Không thể chuyển đơn từ “%(old)s” sang “%(new)s”.",
                                   old=STATUS_LABELS[old], new=STATUS_LABELS[status]))
    # Conditional on the status read: of two people cancelling (or cancelling and shipping) at once, one acts.
    moved = db.session.execute(update(SellerOrder).where(SellerOrder.id == part.id, SellerOrder.status == old)
                               .values(status=status, updated_at=now())
                               .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise FulfilmentRefused(_l("Đơn vừa được người khác cập nhật; hãy tải lại trang."))
    db.session.refresh(part)


def confirm(part: SellerOrder) -> None:
    """The producer accepts its part and will prepare it."""
    _move(part, "confirmed")
    db.session.flush()


def ship(part: SellerOrder, carrier: str, tracking_number: str) -> None:
    """Handed to a carrier, with the tracking number the buyer sees."""
    if not carrier.strip() or not tracking_number.strip():
        raise FulfilmentRefused(_l("Cần ghi đơn vị vận chuyển và mã vận đơn."))
    _move(part, "shipped")
    part.carrier, part.tracking_number = carrier.strip()[:80], tracking_number.strip()[:80]
    db.session.flush()


def deliver(part: SellerOrder) -> None:
    """The buyer received the parcel (and, for cash on delivery, paid)."""
    _move(part, "delivered")
    db.session.flush()


def cancel(part: SellerOrder, user_id: int | None = None) -> None:
    """Cancel before shipping: every unit goes back where it came from, through the ledger (and card money back)."""
    _move(part, "cancelled")
    if part.order.status == "paid":
        _return_money(part)  # a part paid by card and cancelled is refunded at once
    for line in sorted(part.lines, key=lambda line: line.product_id):  # stock rows in product order, as checkout
        give_back(line.product, line.quantity, reference=part.order.number, user_id=user_id)
    db.session.flush()


def refund(part: SellerOrder) -> None:
    """Give the buyer this part's money back: through Stripe for a card, recorded for cash on delivery."""
    _move(part, "refunded")
    _return_money(part)
    db.session.flush()


def _return_money(part: SellerOrder) -> None:
    amount = part.items_vnd + part.shipping_vnd
    if part.order.status == "paid":  # paid by card: the money goes back to the card
        try:
            refund_card(part.order, amount, key=f"part-{part.id}-refund")
        except stripe.StripeError as failure:
            raise FulfilmentRefused(_l("Stripe không hoàn được tiền (%(reason)s); đơn chưa thay đổi.",
                                       reason=failure.user_message or type(failure).__name__)) from None
    db.session.add(Payment(order_id=part.order_id, method=part.order.payment_method, amount_vnd=amount,
                           status="refunded"))


STATUS_LABELS = {
    "pending": _l("Chờ xác nhận"), "confirmed": _l("Đã xác nhận"), "shipped": _l("Đang giao"),
    "delivered": _l("Đã giao"), "cancelled": _l("Đã hủy"), "refunded": _l("Đã hoàn tiền"),
}
