"""Certificate expiry reminders: members hear 60, 30 and 7 days before a product's certificate
expires, and once it has. Run daily by `flask --app wsgi ocop expiry-check` (cron).

A reminder is keyed by certificate and step, so running the check twice in a
day (or after a missed day) never repeats one; a missed day sends the step now
due, not every step passed. Sale stops by itself: sellable(today) drops an
expired certificate the day after `expires_on`. A renewal verified before then
becomes the current certificate and the product stays on sale without a gap.
"""
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


def send_expiry_reminders(today: date) -> int:
    """Notify producer members of certificates reaching a reminder step; returns how many were sent."""
    sent, link = 0, current_app.url_map.bind("").build("seller.certificates")  # also outside a request (cron)
    for certificate in _due(today):
        days_left = (certificate.expires_on - today).days
        step = _step(days_left)
        with force_locale("vi"):
            text = str(_message(certificate, days_left, step))
        members = db.session.scalars(select(User).join(SellerMember, SellerMember.user_id == User.id)
                                     .where(SellerMember.seller_id == certificate.product.seller_id))
        for user in members:
            if notify(user.id, "certificate_expiry", text, link=link,
                      key=f"expiry:{certificate.code}:{step}"):
                sent += 1
                if current_app.config["MAIL_SERVER"]:
                    send_mail(user.email, "Chợ OCOP: giấy chứng nhận sắp hết hạn", text)
    return sent
