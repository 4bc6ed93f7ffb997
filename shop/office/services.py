"""The programme office's decisions on producers and certificates. Each one is written to the audit log
and told to the producer's members. Services flush; views commit."""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from shop.certification.models import Certificate
from shop.certification.services import refresh_current_certificate, revoke_certificate
from shop.clock import now
from shop.errors import Conflict
from shop.extensions import db
from shop.notifications.services import notify
from shop.office.models import AuditEntry
from shop.sellers.models import Seller, SellerMember


class DecisionRefused(Conflict):
    """A decision that does not apply to the record's current state; the message says why."""


def _audit(actor, action: str, subject, label: str, reason: str | None = None) -> None:
    db.session.add(AuditEntry(actor_id=actor.id, action=action, subject_type=type(subject).__name__.lower(),
                              subject_id=subject.id, subject_label=label[:300], reason=reason))


def _tell_members(seller_id: int, kind: str, message) -> None:
    """Notify every member of a producer, in Vietnamese (the office may be working in English)."""
    with force_locale("vi"):
        text = str(message)
    for user_id in db.session.scalars(select(SellerMember.user_id).where(SellerMember.seller_id == seller_id)):
        notify(user_id, kind, text)


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise DecisionRefused(_l("Cần ghi rõ lý do."))
    return reason.strip()


def verify_seller(seller: Seller, actor) -> None:
    """Accept a pending producer: it may now sell."""
    if seller.status != "pending":
        raise DecisionRefused(_l("Chỉ duyệt được hồ sơ đang chờ."))
    seller.status, seller.status_reason = "verified", None
    seller.verified_by_id, seller.verified_at = actor.id, now()
    _audit(actor, "seller.verify", seller, seller.name)
    _tell_members(seller.id, "seller_verified", _l("Văn phòng OCOP đã xác minh %(name)s.", name=seller.name))
    db.session.flush()


def reject_seller(seller: Seller, actor, reason: str) -> None:
    """Send a pending application back with the reason; the producer may correct and resubmit."""
    reason = _reason(reason)
    if seller.status != "pending":
        raise DecisionRefused(_l("Chỉ từ chối được hồ sơ đang chờ."))
    seller.status, seller.status_reason = "rejected", reason
    _audit(actor, "seller.reject", seller, seller.name, reason)
    _tell_members(seller.id, "seller_rejected", _l("Hồ sơ %(name)s chưa được duyệt: %(reason)s",
                                                   name=seller.name, reason=reason))
    db.session.flush()


def _label(certificate: Certificate) -> str:
    return f"{certificate.code} · {certificate.product.name} · {certificate.stars}★"


def approve_certificate(certificate: Certificate, actor) -> None:
    """Accept a submitted decision: it becomes the product's current certificate if it is the latest."""
    if certificate.status != "pending":
        raise DecisionRefused(_l("Chỉ duyệt được giấy chứng nhận đang chờ."))
    certificate.status, certificate.verified_by_id, certificate.verified_at = "verified", actor.id, now()
    refresh_current_certificate(certificate.product)
    _audit(actor, "certificate.verify", certificate, _label(certificate))
    _tell_members(certificate.product.seller_id, "certificate_verified", _l(
        "Giấy chứng nhận %(code)s của %(product)s đã được xác minh.",
        code=certificate.code, product=certificate.product.name))
    db.session.flush()


def reject_certificate(certificate: Certificate, actor, reason: str) -> None:
    """Refuse a submitted decision, with the reason."""
    reason = _reason(reason)
    if certificate.status != "pending":
        raise DecisionRefused(_l("Chỉ từ chối được giấy chứng nhận đang chờ."))
    certificate.status, certificate.status_reason = "rejected", reason
    _audit(actor, "certificate.reject", certificate, _label(certificate), reason)
    _tell_members(certificate.product.seller_id, "certificate_rejected", _l(
        "Giấy chứng nhận gửi cho %(product)s chưa được duyệt: %(reason)s",
        product=certificate.product.name, reason=reason))
    db.session.flush()


def revoke(certificate: Certificate, actor, reason: str) -> None:
    """Withdraw a verified certificate; the product leaves every listing at once."""
    reason = _reason(reason)
    if certificate.status != "verified":  # revoke_certificate refuses it too, but without a message for people
        raise DecisionRefused(_l("Chỉ thu hồi được giấy chứng nhận đã xác minh."))
    revoke_certificate(certificate, reason=reason)
    _audit(actor, "certificate.revoke", certificate, _label(certificate), reason)
    _tell_members(certificate.product.seller_id, "certificate_revoked", _l(
        "Giấy chứng nhận %(code)s của %(product)s đã bị thu hồi: %(reason)s",
        code=certificate.code, product=certificate.product.name, reason=reason))
    db.session.flush()
