"""The order confirmation email: sent after the order is committed, never able to undo it."""
import logging
import smtplib

from flask_babel import gettext as _

from shop.formatting import vnd
from shop.links import external_url
from shop.mail import send_mail

log = logging.getLogger(__name__)


def confirmation_text(order) -> str:
    """The order in plain text: each producer's part, the total, and where to follow it."""
    lines = [_("Cảm ơn bạn đã đặt hàng trên Chợ OCOP. Đơn %(number)s:", number=order.number), ""]
    for part in order.parts:
        lines.append(part.seller.name)
        lines += [f"  {line.name} × {line.quantity}: {vnd(line.total_vnd)}" for line in part.lines]
        lines.append("  " + _("Phí vận chuyển: %(fee)s", fee=vnd(part.shipping_vnd)))
    lines += ["", _("Tổng cộng: %(total)s", total=vnd(order.total_vnd)),
              _("Theo dõi đơn: %(link)s", link=external_url("orders.lookup"))]
    return "\n".join(lines)


def send_confirmation(order, email: str | None) -> None:
    """Email the confirmation if there is an address; a mail failure is logged, the order stands."""
    if not email:
        return
    try:
        send_mail(email, _("Chợ OCOP: đã nhận đơn %(number)s", number=order.number), confirmation_text(order))
    except (OSError, smtplib.SMTPException):
        log.exception("order %s: confirmation not mailed to %s", order.number, email)
