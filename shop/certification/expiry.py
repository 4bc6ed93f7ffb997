"""Certificate expiry reminders: members hear 60, 30 and 7 days before a product's certificate
expires, and once it has. Run daily by `flask --app wsgi ocop expiry-check` (cron).

A reminder is keyed by certificate and step, so running the check twice in a
day (or after a missed day) never repeats one; a missed day sends the step now
due, not every step passed. Sale stops by itself: sellable(today) drops an
expired certificate the day after `expires_on`. A renewal verified before then
becomes the current certificate and the product stays on sale without a gap.
"""
import logging
import smtplib
from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from shop.accounts.models import User
from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.extensions import db
from shop.mail import send_mail
from shop.notifications.services import notify
from shop.sellers.models import SellerMember

STEPS = (60, 30, 7)  # days before expiry
log = logging.getLogger(__name__)


def _step(days_left: int) -> int | None:
    """The reminder due: the nearest step not yet passed (0 once expired), or None if it is too early."""
    if days_left < 0:
        return 0
    return min((step for step in STEPS if days_left <= step), default=None)


def _message(certificate: Certificate, days_left: int, step: int):
    if step == 0:
        return _l("Giấy chứng nhận OCOP %(code)s của %(product)s đã hết hạn ngày %(day)s; sản phẩm đã ngừng bán. "
                  "Hãy gửi quyết định công nhận lại.", code=certificate.code, product=certificate.product.name,
                  day=certificate.expires_on.strftime("%d/%m/%Y"))
    return _l("Giấy chứng nhận OCOP %(code)s của %(product)s hết hạn sau %(days)s ngày (%(day)s). "
              "Gửi quyết định công nhận lại trước ngày đó để sản phẩm được bán liên tục.",
              code=certificate.code, product=certificate.product.name, days=days_left,
              day=certificate.expires_on.strftime("%d/%m/%Y"))


def _due(today: date):
    """Current, verified certificates of published products expiring within 60 days or expired lately."""
    return db.session.scalars(
        select(Certificate).join(Product, Product.current_certificate_id == Certificate.id)
        .where(Certificate.status == "verified", Product.published.is_(True),
               Certificate.expires_on <= today + timedelta(days=max(STEPS)),
               Certificate.expires_on >= today - timedelta(days=30))
        .options(joinedload(Certificate.product)))


def add_expiry_reminders(today: date) -> list[tuple[str, str, str]]:
    """Add the reminders now due as in-app notifications; returns (email, subject, text) of each new one."""
    outbox = []
    for certificate in _due(today):
        step = _step((certificate.expires_on - today).days)
        outbox += _remind(certificate, today, step, key=f"expiry:{certificate.code}:{step}")
    return outbox


def remind_by_hand(certificate: Certificate, today: date) -> list[tuple[str, str, str]]:
    """The office's reminder of this certificate's expiry, sent now to the producer's members (once a day each);
    returns (email, subject, text) of each new one."""
    step = 0 if certificate.expires_on < today else None
    return _remind(certificate, today, step, key=f"expiry:{certificate.code}:office:{today.isoformat()}")


def _remind(certificate: Certificate, today: date, step: int | None, key: str) -> list[tuple[str, str, str]]:
    """Notify the members of the certificate's producer unless they already had `key`; the outbox of new ones."""
    link = current_app.url_map.bind("").build("seller.certificates.certificates")  # also outside a request (cron)
    with force_locale("vi"):
        text = str(_message(certificate, (certificate.expires_on - today).days, step))
        subject = str(_l("Chợ OCOP: giấy chứng nhận đã hết hạn") if step == 0 else
                      _l("Chợ OCOP: giấy chứng nhận sắp hết hạn"))
    members = db.session.scalars(select(User).join(SellerMember, SellerMember.user_id == User.id)
                                 .where(SellerMember.seller_id == certificate.product.seller_id))
    return [(user.email, subject, text) for user in members
            if notify(user.id, "certificate_expiry", text, link=link, key=key)]


def mail_reminders(outbox) -> int:
    """Email the reminders (after they were committed) when SMTP is set; one failure does not stop the rest."""
    if not current_app.config["MAIL_SERVER"]:
        return 0
    mailed = 0
    for email, subject, text in outbox:
        try:
            send_mail(email, subject, text)
            mailed += 1
        except (OSError, smtplib.SMTPException):
            log.exception("expiry reminder to %s not mailed (it is in the app)", email)
    return mailed
