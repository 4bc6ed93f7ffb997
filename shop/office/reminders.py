"""Certificates expiring soon, as the office lists them, and its one-click reminder to each producer: the members
hear it in the shop and by e-mail like the daily expiry reminders, at most once a day per certificate."""
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from shop.catalog.models import Product
from shop.certification.expiry import remind_by_hand
from shop.certification.models import Certificate
from shop.errors import Conflict, Invalid
from shop.extensions import db
from shop.office.models import ExpiryReminder
from shop.sellers.models import Seller, SellerMember

WINDOWS = (30, 60, 90)  # days ahead the list can look


def _expiring(today: date, within: int):
    """SQL terms: a product's current, verified certificate ending from today to `within` days ahead."""
    return (Certificate.status == "verified", Certificate.expires_on >= today,
            Certificate.expires_on <= today + timedelta(days=within))


def expiring_certificates(today: date, within: int, province: str | None = None):
    """A query for the current, verified certificates ending from today to `within` days ahead, soonest first (of
    `province`'s producers when given)."""
    query = (select(Certificate).join(Product, Product.current_certificate_id == Certificate.id)
             .where(*_expiring(today, within)).options(joinedload(Certificate.product).joinedload(Product.seller))
             .order_by(Certificate.expires_on, Certificate.id))
    if province:
        query = query.join(Seller, Seller.id == Product.seller_id).where(Seller.province == province)
    return query


def last_reminded(certificates) -> dict[int, date]:
    """{certificate id: the last day the office reminded its producer} for those it ever did."""
    return dict(db.session.execute(
        select(ExpiryReminder.certificate_id, func.max(ExpiryReminder.day))
        .where(ExpiryReminder.certificate_id.in_([c.id for c in certificates]))
        .group_by(ExpiryReminder.certificate_id)).all())


def producers_with_members(certificates) -> set[int]:
    """The producers (seller ids) of `certificates` with someone in the shop to remind (a producer imported from an
    official list has no account until it signs up)."""
    return set(db.session.scalars(select(SellerMember.seller_id).distinct()
                                  .where(SellerMember.seller_id.in_({c.product.seller_id for c in certificates}))))


def remind_producer(certificate: Certificate, by, today: date) -> list[tuple[str, str, str]]:
    """Remind the producer's members of this expiring certificate now, noting the day; a second reminder the same
    day is refused, and so is one to a producer with no one in the shop. Returns the (email, subject, text) outbox to
    mail once committed."""
    listed = db.session.scalar(select(Certificate.id).join(Product, Product.current_certificate_id == Certificate.id)
                               .where(Certificate.id == certificate.id, *_expiring(today, max(WINDOWS))))
    if listed is None:
        raise Invalid(_l("Giấy chứng nhận %(code)s không nằm trong danh sách sắp hết hạn.", code=certificate.code))
    if not producers_with_members([certificate]):
        raise Invalid(_l("%(producer)s chưa có ai dùng tài khoản trên sàn nên không nhắc được; hãy liên hệ cơ sở "
                         "trực tiếp.", producer=certificate.product.seller.name))
    try:
        with db.session.begin_nested():  # a double click: the second waits for the first, then finds the day taken
            db.session.add(ExpiryReminder(certificate_id=certificate.id, day=today, sent_by_id=by.id))
    except IntegrityError:
        raise Conflict(_l("Đã nhắc cơ sở về giấy chứng nhận %(code)s hôm nay.", code=certificate.code)) from None
    return remind_by_hand(certificate, today)
