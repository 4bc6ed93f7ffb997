"""A stock count at an outlet: who started it, its note, and a line per stock line counted (a product, or one
batch of it), with the units the counter was shown (expected) and the units counted. An outlet has at most one
open count at a time.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from shop.extensions import db, one_of

STATES = ("open", "finished")
STATE_LABELS = {"open": _l("Đang đếm"), "finished": _l("Đã chốt")}


class StockCount(db.Model):
    """One count of an outlet's shelves: open while the sheet is filled in, finished when its differences apply."""

    id = db.Column(db.Integer, primary_key=True)
    location_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False)
    state = db.Column(db.String(10), nullable=False, default="open")
    note = db.Column(db.String(300), nullable=True)  # why the units differ, written to each difference's ledger row
    started_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    started_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    finished_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    finished_at = db.Column(db.DateTime(timezone=True), nullable=True)

    location = db.relationship("Location")
    started_by = db.relationship("User", foreign_keys=[started_by_id])
    finished_by = db.relationship("User", foreign_keys=[finished_by_id])
    lines = db.relationship("StockCountLine", back_populates="count", order_by="StockCountLine.id")

    __table_args__ = (
        db.CheckConstraint(one_of("state", STATES), name="state"),
        db.CheckConstraint("state = 'open' OR finished_at IS NOT NULL", name="finished_has_time"),
        db.Index("uq_stock_count_one_open", "location_id", unique=True,  # one open count per outlet
                 sqlite_where=db.text("state = 'open'"), postgresql_where=db.text("state = 'open'")),
        db.Index("ix_stock_count_location_started", "location_id", "started_at"),
    )


class StockCountLine(db.Model):
    """A product (or one batch of it) counted: the units on record the counter was shown, the units counted, who
    counted and when."""

    id = db.Column(db.Integer, primary_key=True)
    count_id = db.Column(db.Integer, db.ForeignKey("stock_count.id"), nullable=False)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False)
    batch_id = db.Column(db.Integer, db.ForeignKey("batch.id"), nullable=True)  # none: the units of no batch
    expected = db.Column(db.Integer, nullable=False)
    counted = db.Column(db.Integer, nullable=False)
    counted_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    counted_at = db.Column(db.DateTime(timezone=True), nullable=False)

    count = db.relationship("StockCount", back_populates="lines")
    product = db.relationship("Product")
    batch = db.relationship("Batch")
    counted_by = db.relationship("User")

    __table_args__ = (
        db.Index("uq_stock_count_line_count_product", "count_id", "product_id", unique=True,  # one line per level
                 sqlite_where=db.text("batch_id IS NULL"), postgresql_where=db.text("batch_id IS NULL")),
        db.Index("uq_stock_count_line_count_product_batch", "count_id", "product_id", "batch_id", unique=True,
                 sqlite_where=db.text("batch_id IS NOT NULL"), postgresql_where=db.text("batch_id IS NOT NULL")),
        db.CheckConstraint("expected >= 0", name="expected_not_negative"),
        db.CheckConstraint("counted >= 0", name="counted_not_negative"),
    )

    @property
    def difference(self) -> int:
        return self.counted - self.expected
