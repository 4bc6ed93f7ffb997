"""AuditEntry: what the programme office decided or changed, who did it, when and why."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from shop.extensions import db, one_of

# Each decision or change the log records, in words, for the office's readers.
ACTION_LABELS = {"seller.verify": _l("Xác minh cơ sở"), "seller.reject": _l("Từ chối hồ sơ cơ sở"),
                 "certificate.verify": _l("Xác minh giấy chứng nhận"),
                 "certificate.reject": _l("Từ chối giấy chứng nhận"),
                 "certificate.revoke": _l("Thu hồi giấy chứng nhận"), "outlet.create": _l("Mở điểm bán mới"),
                 "outlet.update": _l("Sửa thông tin điểm bán"), "outlet.staff_add": _l("Giao nhân viên điểm bán"),
                 "outlet.staff_remove": _l("Bỏ nhân viên điểm bán"),
                 "product.speciality": _l("Đánh dấu đặc sản địa phương (không phải OCOP)"),
                 "product.ocop_only": _l("Bỏ dấu đặc sản địa phương"),
                 "product.gtin": _l("Sửa mã GTIN của sản phẩm"),
                 "outlet.commission": _l("Đặt hoa hồng điểm bán"),
                 "settlement.paid": _l("Đánh dấu quyết toán đã trả"),
                 "seller.channels": _l("Sửa quy mô và kênh bán hàng của cơ sở"),
                 "targets.set": _l("Đặt chỉ tiêu OCOP của tỉnh")}

IMPORT_STATUSES = ("staged", "imported")  # an uploaded list, previewed; then imported once


class AuditEntry(db.Model):
    """One office decision (verify, reject, revoke...) on a producer or a certificate, or a change to an OCOP
    outlet or its staff; never edited."""

    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    actor_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    action = db.Column(db.String(40), nullable=False)        # one of ACTION_LABELS, e.g. "certificate.revoke"
    subject_type = db.Column(db.String(20), nullable=False)  # seller, certificate, outlet, product, targets
    subject_id = db.Column(db.Integer, nullable=False)  # a "targets" entry's: the year
    subject_label = db.Column(db.String(300), nullable=False)  # a readable name, kept if the subject changes
    reason = db.Column(db.Text, nullable=True)

    actor = db.relationship("User")

    __table_args__ = (db.Index("ix_audit_entry_subject", "subject_type", "subject_id"),)


class ImportRun(db.Model):
    """An official certificate list uploaded on /office/imports: staged (kept under `token`, previewed), then
    imported once, with what it did."""

    id = db.Column(db.Integer, primary_key=True)
    token = db.Column(db.String(40), nullable=False, unique=True)  # the stored file's random name
    stored_as = db.Column(db.String(80), nullable=False)           # its path under instance/
    file_name = db.Column(db.String(200), nullable=False)          # as the clerk's computer named it
    sha256 = db.Column(db.String(64), nullable=False, index=True)
    uploaded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    uploaded_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    status = db.Column(db.String(10), nullable=False, default="staged")  # one of IMPORT_STATUSES
    imported_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    imported_at = db.Column(db.DateTime(timezone=True), nullable=True)
    created = db.Column(db.Integer, nullable=True)    # rows that made a new product and its certificate
    updated = db.Column(db.Integer, nullable=True)    # rows that added a certificate to a product already here
    unchanged = db.Column(db.Integer, nullable=True)  # rows whose certificate was already recorded

    uploaded_by = db.relationship("User", foreign_keys=[uploaded_by_id])
    imported_by = db.relationship("User", foreign_keys=[imported_by_id])

    __table_args__ = (db.CheckConstraint(one_of("status", IMPORT_STATUSES), name="status"),)


class ExpiryReminder(db.Model):
    """The office reminded a certificate's producer of its expiry by hand on `day` (at most once a day)."""

    id = db.Column(db.Integer, primary_key=True)
    certificate_id = db.Column(db.Integer, db.ForeignKey("certificate.id"), nullable=False)
    day = db.Column(db.Date, nullable=False)
    sent_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    __table_args__ = (db.UniqueConstraint("certificate_id", "day", name="uq_expiry_reminder_certificate_day"),)


class KpiTarget(db.Model):
    """A province's target for one KPI in one year, set on /office/targets; without one, the plans' default
    (shop/office/targets.py DEFAULTS) stands. Shares are fractions (0.2 = 20 %), counts whole numbers."""

    id = db.Column(db.Integer, primary_key=True)
    province = db.Column(db.String(60), nullable=False)  # one of places.PROVINCES
    year = db.Column(db.Integer, nullable=False)
    kpi = db.Column(db.String(40), nullable=False)       # a key of targets.TARGETED, e.g. "outlets.sales_point"
    value = db.Column(db.Float, nullable=False)
    set_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    set_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    __table_args__ = (db.UniqueConstraint("province", "year", "kpi", name="uq_kpi_target_province_year_kpi"),
                      db.CheckConstraint("year BETWEEN 2015 AND 2100", name="year"),
                      db.CheckConstraint("value >= 0", name="value"))
