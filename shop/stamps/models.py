"""Stamp orders (one printed sheet set for a batch), their stamps, and each check of a stamp by a visitor."""
from shop.extensions import db


class StampOrder(db.Model):
    """N stamps a producer ordered at once for one of its batches: printed together, voided together if lost."""

    id = db.Column(db.Integer, primary_key=True)
    batch_id = db.Column(db.Integer, db.ForeignKey("batch.id"), nullable=False, index=True)
    quantity = db.Column(db.Integer, nullable=False)
    ordered_at = db.Column(db.DateTime(timezone=True), nullable=False)
    ordered_by = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)

    batch = db.relationship("Batch")
    stamps = db.relationship("Stamp", back_populates="order", order_by="Stamp.id")

    __table_args__ = (db.CheckConstraint("quantity > 0", name="quantity_positive"),)


class Stamp(db.Model):
    """One stamp: an unguessable serial (16 base32 characters, 80 random bits) printed with its QR code; voided
    stamps (a lost sheet) still answer a scan, saying so."""

    id = db.Column(db.Integer, primary_key=True)
    serial = db.Column(db.String(16), nullable=False, unique=True)
    order_id = db.Column(db.Integer, db.ForeignKey("stamp_order.id"), nullable=False, index=True)
    batch_id = db.Column(db.Integer, db.ForeignKey("batch.id"), nullable=False, index=True)
    voided_at = db.Column(db.DateTime(timezone=True), nullable=True)
    void_reason = db.Column(db.String(300), nullable=True)

    order = db.relationship("StampOrder", back_populates="stamps")
    batch = db.relationship("Batch")
    checks = db.relationship("StampCheck", order_by="StampCheck.at", viewonly=True)


class StampCheck(db.Model):
    """A scan of a stamp: when, the province the visitor chose (or None) and a rough region of their address
    from the CDN's header (or None), and a keyed hash of who looked (to count a reload storm once)."""

    id = db.Column(db.Integer, primary_key=True)
    stamp_id = db.Column(db.Integer, db.ForeignKey("stamp.id"), nullable=False)
    at = db.Column(db.DateTime(timezone=True), nullable=False)
    province = db.Column(db.String(60), nullable=True)
    ip_region = db.Column(db.String(60), nullable=True)
    visitor = db.Column(db.String(32), nullable=False)

    __table_args__ = (db.Index("ix_stamp_check_stamp_at", "stamp_id", "at"),)
