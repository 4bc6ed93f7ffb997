"""The OCOP certificate of a product and the rule for when it is in force."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_
from sqlalchemy.ext.hybrid import hybrid_method

from shop.extensions import db, one_of

CERTIFICATE_STATUSES = ("pending", "verified", "rejected", "revoked")
STATUS_LABELS = {"pending": _l("Chờ xác minh"), "verified": _l("Đã xác minh"), "rejected": _l("Bị từ chối"),
                 "revoked": _l("Đã thu hồi")}
DECIDED_STATUSES = ("verified", "revoked")  # decisions that stand (or stood); pending/rejected decide nothing
AUTHORITY_LEVELS = ("national", "province", "district")
AUTHORITY_LEVEL_LABELS = {"national": _l("Trung ương"), "province": _l("Cấp tỉnh"), "district": _l("Cấp huyện")}
CERTIFIED_MIN_STARS = 3  # 1★ and 2★ are rated but not "OCOP certified"
VALIDITY_MONTHS = 36


def _in_force_or_due_terms(certificate, today: date) -> tuple:
    """Verified, 3★ or more, not expired on `today`: the same for an instance (bools) and the class (SQL)."""
    return (
        certificate.status == "verified",
        certificate.stars >= CERTIFIED_MIN_STARS,
        certificate.expires_on >= today,
    )


def _in_force_terms(certificate, today: date) -> tuple:
    """The terms of "in force": in force or due, and decided on or before `today`."""
    return (*_in_force_or_due_terms(certificate, today), certificate.decision_date <= today)


class Certificate(db.Model):
    """One star rating of a product by a decision (quyết định) of an authority."""

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(20), nullable=False, unique=True)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False, index=True)
    stars = db.Column(db.SmallInteger, nullable=False)
    score = db.Column(db.SmallInteger, nullable=True)
    decision_number = db.Column(db.String(80), nullable=False)
    decision_date = db.Column(db.Date, nullable=False)
    expires_on = db.Column(db.Date, nullable=False)
    authority = db.Column(db.String(200), nullable=False)
    authority_level = db.Column(db.String(10), nullable=False)
    status = db.Column(db.String(10), nullable=False, default="pending")
    status_reason = db.Column(db.Text, nullable=True)
    revoked_on = db.Column(db.Date, nullable=True)  # the day it was revoked; it stood in force until then
    document = db.Column(db.String(200), nullable=True)
    note = db.Column(db.Text, nullable=True)
    submitted_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)  # a producer member
    verified_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    verified_at = db.Column(db.DateTime(timezone=True), nullable=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    product = db.relationship("Product", back_populates="certificates", foreign_keys=[product_id])

    __table_args__ = (
        db.CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
        db.CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name="score_range"),
        db.CheckConstraint("expires_on >= decision_date", name="expires_after_decision"),
        db.CheckConstraint(one_of("status", CERTIFICATE_STATUSES), name="status"),
        db.CheckConstraint(one_of("authority_level", AUTHORITY_LEVELS), name="authority_level"),
        db.UniqueConstraint("product_id", "decision_number", name="uq_certificate_product_decision"),
    )

    @hybrid_method
    def in_force(self, today: date) -> bool:
        """Verified, 3★ or more, and `today` within decision date … expiry (both inclusive)."""
        return all(_in_force_terms(self, today))

    @in_force.expression
    def in_force(cls, today: date):
        return and_(*_in_force_terms(cls, today))

    @classmethod
    def in_force_or_due(cls, today: date):
        """SQL: in force on `today`, or due to be once its decision date comes (it never comes back once expired)."""
        return and_(*_in_force_or_due_terms(cls, today))

    @classmethod
    def verified_on(cls, day: date):
        """SQL: verified as things stood on `day`: verified now, or revoked only after `day` (a certificate revoked
        on an unknown day never was)."""
        return or_(cls.status == "verified", and_(cls.status == "revoked", cls.revoked_on > day))

    @classmethod
    def stood_in_force(cls, day: date):
        """SQL: in force on `day` as things stood then (see verified_on): a revoked certificate counts until the day
        it was revoked."""
        return and_(cls.verified_on(day), *_in_force_terms(cls, day)[1:])

    def __repr__(self):
        return f"<Certificate {self.code} {self.stars}★ {self.status}>"
