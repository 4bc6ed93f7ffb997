"""AuditEntry: what the programme office decided or changed, who did it, when and why."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from shop.extensions import db

# Each decision or change the log records, in words, for the office's readers.
ACTION_LABELS = {"seller.verify": _l("Xác minh cơ sở"), "seller.reject": _l("Từ chối hồ sơ cơ sở"),
                 "certificate.verify": _l("Xác minh giấy chứng nhận"),
                 "certificate.reject": _l("Từ chối giấy chứng nhận"),
                 "certificate.revoke": _l("Thu hồi giấy chứng nhận"), "outlet.create": _l("Mở điểm bán mới"),
                 "outlet.update": _l("Sửa thông tin điểm bán"), "outlet.staff_add": _l("Giao nhân viên điểm bán"),
                 "outlet.staff_remove": _l("Bỏ nhân viên điểm bán"),
                 "product.speciality": _l("Đánh dấu đặc sản địa phương (không phải OCOP)"),
                 "product.ocop_only": _l("Bỏ dấu đặc sản địa phương"),
                 "outlet.commission": _l("Đặt hoa hồng điểm bán"),
                 "settlement.paid": _l("Đánh dấu quyết toán đã trả"),
                 "seller.channels": _l("Sửa quy mô và kênh bán hàng của cơ sở")}


class AuditEntry(db.Model):
    """One office decision (verify, reject, revoke...) on a producer or a certificate, or a change to an OCOP
    outlet or its staff; never edited."""

    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    actor_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    action = db.Column(db.String(40), nullable=False)        # one of ACTION_LABELS, e.g. "certificate.revoke"
    subject_type = db.Column(db.String(20), nullable=False)  # "seller" | "certificate" | "outlet" | "product"
    subject_id = db.Column(db.Integer, nullable=False)
    subject_label = db.Column(db.String(300), nullable=False)  # a readable name, kept if the subject changes
    reason = db.Column(db.Text, nullable=True)

    actor = db.relationship("User")

    __table_args__ = (db.Index("ix_audit_entry_subject", "subject_type", "subject_id"),)
