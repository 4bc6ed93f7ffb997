"""The programme office's decisions on producers and certificates. Each one is written to the audit log
and told to the producer's members. Services flush; views commit."""
from flask_babel import lazy_gettext as _l

from shop.certification.models import Certificate
from shop.certification.services import refresh_current_certificate, revoke_certificate
from shop.clock import now
from shop.errors import Conflict
from shop.extensions import db
from shop.notifications.services import tell_producer
from shop.office.models import AuditEntry
from shop.sellers.models import Seller


class DecisionRefused(Conflict):
    """A decision that does not apply to the record's current state; the message says why."""


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise DecisionRefused(_l("Cần ghi rõ lý do."))
    return reason.strip()


OUTCOME = {"verify": "verified", "reject": "rejected", "revoke": "revoked"}  # a decision → the status it gives


def _record(actor, decision: str, subject, notice, reason: str | None = None) -> None:
    """Write a decision on a producer or certificate to the audit log, tell the producer's members, and flush."""
    kind = type(subject).__name__.lower()
    seller_id, label = ((subject.id, subject.name) if isinstance(subject, Seller)
                        else (subject.product.seller_id, _label(subject)))
    db.session.add(AuditEntry(actor_id=actor.id, action=f"{kind}.{decision}", subject_type=kind,
                              subject_id=subject.id, subject_label=label[:300], reason=reason))
    tell_producer(seller_id, f"{kind}_{OUTCOME[decision]}", notice)
    db.session.flush()


def _decide(subject, actor, decision: str, refusal, notice, reason: str | None = None) -> None:
    """Refuse unless `subject` is pending; else give it the decision's status and reason, and record it."""
    if subject.status != "pending":
        raise DecisionRefused(refusal)
    subject.status, subject.status_reason = OUTCOME[decision], reason
    if decision == "verify":
        subject.verified_by_id, subject.verified_at = actor.id, now()
    _record(actor, decision, subject, notice, reason)


def _label(certificate: Certificate) -> str:
    return f"{certificate.code} · {certificate.product.name} · {certificate.stars}★"


def verify_seller(seller: Seller, actor) -> None:
    """Accept a pending producer: it may now sell."""
    _decide(seller, actor, "verify", _l("Chỉ duyệt được hồ sơ đang chờ."),
            _l("Văn phòng OCOP đã xác minh %(name)s.", name=seller.name))


def reject_seller(seller: Seller, actor, reason: str) -> None:
    """Send a pending application back with the reason; the producer may correct and resubmit."""
    reason = _reason(reason)
    _decide(seller, actor, "reject", _l("Chỉ từ chối được hồ sơ đang chờ."),
            _l("Hồ sơ %(name)s chưa được duyệt: %(reason)s", name=seller.name, reason=reason), reason)


def approve_certificate(certificate: Certificate, actor) -> None:
    """Accept a submitted decision: it becomes the product's current certificate if it is the latest."""
    _decide(certificate, actor, "verify", _l("Chỉ duyệt được giấy chứng nhận đang chờ."), _l(
        "Giấy chứng nhận %(code)s của %(product)s đã được xác minh.",
        code=certificate.code, product=certificate.product.name))
    refresh_current_certificate(certificate.product)


def reject_certificate(certificate: Certificate, actor, reason: str) -> None:
    """Refuse a submitted decision, with the reason."""
    reason = _reason(reason)
    _decide(certificate, actor, "reject", _l("Chỉ từ chối được giấy chứng nhận đang chờ."), _l(
        "Giấy chứng nhận gửi cho %(product)s chưa được duyệt: %(reason)s",
        product=certificate.product.name, reason=reason), reason)


def revoke(certificate: Certificate, actor, reason: str) -> None:
    """Withdraw a verified certificate; the product leaves every listing at once."""
    reason = _reason(reason)
    if certificate.status != "verified":  # revoke_certificate refuses it too, but without a message for people
        raise DecisionRefused(_l("Chỉ thu hồi được giấy chứng nhận đã xác minh."))
    revoke_certificate(certificate, reason=reason)
    _record(actor, "revoke", certificate, _l(
        "Giấy chứng nhận %(code)s của %(product)s đã bị thu hồi: %(reason)s",
        code=certificate.code, product=certificate.product.name, reason=reason), reason)
