"""Certificate verbs and the programme's rules on validity and certifying authority."""
import calendar
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from shop.catalog.models import Product
from shop.catalog.sellable import is_certified
from shop.certification.expiry import STEPS as REMINDER_DAYS
from shop.certification.models import CERTIFIED_MIN_STARS, DECIDED_STATUSES, VALIDITY_MONTHS, Certificate
from shop.clock import now
from shop.clock import today as current_day
from shop.errors import Invalid
from shop.extensions import db

DECISION_148 = date(2023, 2, 24)    # district certifies 3★, province 4★
DECISION_1489 = date(2025, 7, 6)    # districts abolished: province certifies 3★ and 4★
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read off labels


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's end (29 Feb + 12 months → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_expiry(decision_date: date) -> date:
    """A certificate is valid for 36 months from its decision date."""
    return add_months(decision_date, VALIDITY_MONTHS)


def authority_level_for(stars: int, decision_date: date) -> str:
    """Which level of government certified `stars` on `decision_date` (Decisions 1048, 148, 1489)."""
    if stars >= 5:
        return "national"
    if DECISION_148 <= decision_date < DECISION_1489 and stars <= 3:
        return "district"
    return "province"


def public_status(certificate: Certificate | None, today: date) -> str:
    """What someone scanning the QR code is told: valid, expired, superseded, revoked, pending or unknown.

    A certificate replaced by a later decision on its product (a renewal, a
    re-rating, a revocation of the renewal) is `superseded`, even with time left.
    """
    if certificate is None or certificate.status == "rejected" or certificate.stars < CERTIFIED_MIN_STARS:
        return "unknown"
    if certificate.status in ("revoked", "pending"):
        return certificate.status
    if certificate.product.current_certificate_id != certificate.id:
        return "superseded"
    if certificate.in_force(today):
        return "valid"
    return "pending" if certificate.decision_date > today else "expired"


def shelf_status(product: Product, today: date) -> tuple[str, int | None]:
    """A stock line's certificate on `today`: (in_force | expiring, days left) while certified, else
    public_status of its current certificate (expired, revoked, pending, unknown) and None."""
    if is_certified(product, today):
        days_left = (product.current_certificate.expires_on - today).days
        return ("expiring", days_left) if days_left <= max(REMINDER_DAYS) else ("in_force", None)
    return public_status(product.current_certificate, today), None


def find_certificate(code: str) -> Certificate | None:
    """The certificate with this public code, however the visitor typed its case and spaces."""
    return db.session.scalar(select(Certificate).where(Certificate.code == code.strip().upper())
                             .options(joinedload(Certificate.product).joinedload(Product.seller)))


def new_certificate_code() -> str:
    """A fresh public code like OCOP-7K2M-QX4P, for labels and QR codes."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"OCOP-{chars[:4]}-{chars[4:]}"


def record_certificate(product, *, stars: int, decision_number: str, decision_date: date,
                       expires_on: date | None, authority: str, status: str = "pending",
                       verified_by=None, note: str | None = None) -> Certificate:
    """Record a decision rating `product`; a verified one is stamped with who and when."""
    certificate = Certificate(
        product=product, code=new_certificate_code(), stars=stars,
        decision_number=decision_number, decision_date=decision_date,
        expires_on=expires_on or default_expiry(decision_date),
        authority=authority, authority_level=authority_level_for(stars, decision_date),
        status=status, note=note,
    )
    if status == "verified":
        certificate.verified_by_id = verified_by and verified_by.id
        certificate.verified_at = now()
    db.session.add(certificate)
    refresh_current_certificate(product)
    return certificate


def latest_decision_id(product_id):
    """SQL: the id of the product's latest verified or revoked certificate (by decision date)."""
    return (select(Certificate.id)
            .where(Certificate.product_id == product_id, Certificate.status.in_(DECIDED_STATUSES))
            .order_by(Certificate.decision_date.desc(), Certificate.id.desc())
            .limit(1).scalar_subquery())


def refresh_current_certificate(product) -> None:
    """Point the product at its latest decision (verified or revoked), which sellable() then judges."""
    db.session.flush()
    product.current_certificate_id = db.session.scalar(select(latest_decision_id(product.id)))
    db.session.flush()


def refresh_all_current_certificates() -> None:
    """The same for every product at once, after bulk loads that bypass the services."""
    db.session.execute(update(Product).values(current_certificate_id=latest_decision_id(Product.id)))


def revoke_certificate(certificate: Certificate, *, reason: str) -> None:
    """Withdraw a verified certificate; its product leaves every listing at once."""
    if certificate.status != "verified":
        raise ValueError(f"only a verified certificate can be revoked, not a {certificate.status} one")
    if not reason.strip():
        raise ValueError("a revocation needs a reason")
    certificate.status = "revoked"
    certificate.status_reason = reason.strip()
    certificate.revoked_on = current_day()
    refresh_current_certificate(certificate.product)


class SubmissionRefused(Invalid):
    """A certificate submission the rules refuse; the message is shown to the producer."""


def submit_certificate(product, *, submitted_by, document: str, stars: int, decision_number: str,
                       decision_date: date, authority: str, score: int | None, today: date) -> Certificate:
    """A producer's copy of a certification decision, pending the office's check (expiry: +36 months)."""
    if decision_date > today:
        raise SubmissionRefused(_l("Ngày quyết định không thể ở tương lai."))
    if default_expiry(decision_date) < today:
        raise SubmissionRefused(_l("Quyết định này đã quá 36 tháng, không còn hiệu lực."))
    earlier = db.session.scalar(select(Certificate).where(Certificate.product_id == product.id,
                                                          Certificate.decision_number == decision_number))
    if earlier is not None and earlier.status != "rejected":
        raise SubmissionRefused(_l("Quyết định số này đã được gửi cho sản phẩm này."))
    if earlier is not None:  # a corrected copy of a rejected submission goes back to the queue
        certificate = earlier
        certificate.stars, certificate.decision_date, certificate.authority = stars, decision_date, authority
        certificate.expires_on = default_expiry(decision_date)
        certificate.authority_level = authority_level_for(stars, decision_date)
        certificate.status, certificate.status_reason = "pending", None
    else:
        certificate = record_certificate(product, stars=stars, decision_number=decision_number,
                                         decision_date=decision_date, expires_on=None, authority=authority)
    certificate.score, certificate.document, certificate.submitted_by_id = score, document, submitted_by.id
    db.session.flush()
    return certificate
