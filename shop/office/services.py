"""The programme office's decisions on producers and certificates, and its changes to OCOP outlets and their
staff. Each one is written to the audit log; decisions are also told to the producer's members. Services flush;
views commit."""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from shop.catalog.editing import set_gtin
from shop.catalog.sellable import is_certified
from shop.certification.models import Certificate
from shop.certification.services import refresh_current_certificate, revoke_certificate
from shop.clock import now
from shop.errors import Conflict
from shop.extensions import db
from shop.formatting import vnd
from shop.inventory import outlets
from shop.inventory.models import KIND_LABELS, Location
from shop.notifications.services import tell_producer
from shop.office.kpi_targets import save_targets
from shop.office.models import AuditEntry
from shop.sellers.models import Seller
from shop.sellers.services import declare_channels
from shop.settlements import services as settlements
from shop.transfers.pull_alerts import review_alerts


class DecisionRefused(Conflict):
    """A decision that does not apply to the record's current state; the message says why."""


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise DecisionRefused(_l("Cần ghi rõ lý do."))
    return reason.strip()


OUTCOME = {"verify": "verified", "reject": "rejected", "revoke": "revoked"}  # a decision → the status it gives
# An outlet's details as the audit log names them when they change.
OUTLET_DETAILS = {"kind": _l("loại"), "name": _l("tên"), "province": _l("tỉnh"), "commune": _l("xã, phường"),
                  "old_district": _l("huyện cũ"), "address": _l("địa chỉ"), "opening_hours": _l("giờ mở cửa"),
                  "phone": _l("điện thoại"), "bank_bin": _l("mã BIN ngân hàng"), "bank_account": _l("số tài khoản"),
                  "bank_account_name": _l("tên tài khoản")}


def _audit(actor, kind: str, action: str, subject_id: int, label: str, reason: str | None = None) -> None:
    """Write one entry to the audit log: `actor` did `action` to the `kind` with this id and readable label."""
    db.session.add(AuditEntry(actor_id=actor.id, action=f"{kind}.{action}", subject_type=kind,
                              subject_id=subject_id, subject_label=label[:300], reason=reason))
    db.session.flush()


def _record(actor, decision: str, subject, notice, reason: str | None = None) -> None:
    """Write a decision on a producer or certificate to the audit log, tell the producer's members, and flush."""
    kind = type(subject).__name__.lower()
    seller_id, label = ((subject.id, subject.name) if isinstance(subject, Seller)
                        else (subject.product.seller_id, _label(subject)))
    tell_producer(seller_id, f"{kind}_{OUTCOME[decision]}", notice)
    _audit(actor, kind, decision, subject.id, label, reason)


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


def correct_channels(seller: Seller, actor, enterprise_size: str | None, channels) -> None:
    """The office's correction of a producer's enterprise size and declared channels, audited when it changes them."""
    if declare_channels(seller, enterprise_size, channels):
        _audit(actor, "seller", "channels", seller.id, seller.name)


def approve_certificate(certificate: Certificate, actor, today) -> None:
    """Accept a submitted decision: it becomes the product's current certificate if it is the latest (a
    re-certification closes the outlets' pull alerts on the product; a re-rating below 3★ raises them)."""
    _decide(certificate, actor, "verify", _l("Chỉ duyệt được giấy chứng nhận đang chờ."), _l(
        "Giấy chứng nhận %(code)s của %(product)s đã được xác minh.",
        code=certificate.code, product=certificate.product.name))
    refresh_current_certificate(certificate.product)
    review_alerts(certificate.product, today)


def reject_certificate(certificate: Certificate, actor, reason: str) -> None:
    """Refuse a submitted decision, with the reason."""
    reason = _reason(reason)
    _decide(certificate, actor, "reject", _l("Chỉ từ chối được giấy chứng nhận đang chờ."), _l(
        "Giấy chứng nhận gửi cho %(product)s chưa được duyệt: %(reason)s",
        product=certificate.product.name, reason=reason), reason)


def revoke(certificate: Certificate, actor, reason: str, today) -> None:
    """Withdraw a verified certificate; the product leaves every listing at once, and every outlet holding it
    gets a pull alert."""
    reason = _reason(reason)
    if certificate.status != "verified":  # revoke_certificate refuses it too, but without a message for people
        raise DecisionRefused(_l("Chỉ thu hồi được giấy chứng nhận đã xác minh."))
    revoke_certificate(certificate, reason=reason)
    _record(actor, "revoke", certificate, _l(
        "Giấy chứng nhận %(code)s của %(product)s đã bị thu hồi: %(reason)s",
        code=certificate.code, product=certificate.product.name, reason=reason), reason)
    review_alerts(certificate.product, today)


def mark_speciality(product, actor, speciality: bool, today) -> None:
    """Mark a product a non-OCOP local speciality (outlets may then sell it at the counter, never as OCOP), or
    take the mark off; written to the audit log. A product certified today cannot be marked."""
    if speciality and is_certified(product, today):
        raise DecisionRefused(_l("Sản phẩm đang có chứng nhận OCOP còn hiệu lực: không đánh dấu là đặc sản "
                                 "không phải OCOP."))
    if product.local_speciality == speciality:
        raise DecisionRefused(_l("Sản phẩm đã ở trạng thái này rồi."))
    product.local_speciality = speciality
    _audit(actor, "product", "speciality" if speciality else "ocop_only", product.id,
           f"{product.name} · {product.seller.name}")


def correct_gtin(product, actor, typed: str | None):
    """Set or correct a product's GTIN-13 (empty: remove it), written to the audit log; its warning or None."""
    before = product.gtin
    warning = set_gtin(product, typed)
    _audit(actor, "product", "gtin", product.id, f"{product.name} · {before or '—'} → {product.gtin or '—'}")
    return warning


def create_outlet(actor, **fields) -> Location:
    """Add an OCOP outlet, written to the audit log."""
    outlet = outlets.create_outlet(**fields)
    _audit(actor, "outlet", "create", outlet.id, outlet.name)
    return outlet


def update_outlet(actor, outlet: Location, **fields) -> Location:
    """Change an outlet's details; what changed, from what to what, is written to the audit log (if anything)."""
    changes = [(name, getattr(outlet, name), fields.get(name))
               for name in OUTLET_DETAILS if (getattr(outlet, name) or None) != (fields.get(name) or None)]
    outlets.update_outlet(outlet, **fields)
    if changes:
        with force_locale("vi"):  # the log reads the same whoever looks, like the office's own reasons
            said = "; ".join(f"{OUTLET_DETAILS[name]}: {_shown(name, before)} → {_shown(name, after)}"
                             for name, before, after in changes)
        _audit(actor, "outlet", "update", outlet.id, outlet.name, said)
    return outlet


def assign_staff(actor, outlet: Location, user):
    """Let `user` work at the outlet, written to the audit log with their email."""
    post = outlets.assign_staff(outlet, user)
    _audit(actor, "outlet", "staff_add", outlet.id, f"{outlet.name} · {user.email}")
    return post


def remove_staff(actor, outlet: Location, staff_id: int | None) -> None:
    """Take a member of staff off the outlet, written to the audit log with their email."""
    user = outlets.remove_staff(outlet, staff_id)
    _audit(actor, "outlet", "staff_remove", outlet.id, f"{outlet.name} · {user.email}")


def _shown(name: str, value) -> str:
    """An outlet detail as the log shows it: a kind in words, nothing as a dash."""
    return str(KIND_LABELS.get(value, value)) if name == "kind" and value else (value or "—")


# Consignment settlements: the office sets each outlet's commission and marks settlements paid.

def set_commission(actor, outlet: Location, seller: Seller | None, rate_bp: int | None) -> None:
    """Set (or with None remove) the outlet's commission, or its override for one producer; audited."""
    settlements.set_rate(outlet, seller.id if seller else None, rate_bp)
    shown = "—" if rate_bp is None else f"{rate_bp / 100:g}%"
    _audit(actor, "outlet", "commission", outlet.id, f"{outlet.name} · {seller.name if seller else '*'} · {shown}")


def mark_settlement_paid(actor, outlet: Location, seller: Seller, *, through: int, owed_vnd: int, today):
    """Mark the producer's open settlement at the outlet paid, as shown; audited, and the producer is told."""
    settlement = settlements.close_settlement(outlet, seller.id, through=through, owed_vnd=owed_vnd,
                                              user_id=actor.id, today=today)
    _audit(actor, "settlement", "paid", settlement.id, f"{settlement.number} · {outlet.name} · {seller.name}")
    tell_producer(seller.id, "settlement_paid", _l("%(outlet)s đã quyết toán %(number)s: %(owed)s.",
                                                   outlet=outlet.name, number=settlement.number,
                                                   owed=vnd(settlement.owed_vnd)))
    return settlement


def set_targets(actor, province: str, year: int, values: dict) -> None:
    """Save the province's KPI targets for `year` (None: back to the plans' default); audited when anything
    changed, as `targets.set` with the year as its subject id."""
    changes = save_targets(actor, province, year, values)
    if changes:
        _audit(actor, "targets", "set", year, f"{province} · {year} · {', '.join(changes)}")
