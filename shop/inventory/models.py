"""Locations that hold stock, stock levels, and the append-only ledger of movements."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from shop.extensions import db, one_of

# Where stock lives: a producer's own warehouse, or an OCOP outlet — a sales
# point (điểm bán) or a district, provincial or regional OCOP centre.
LOCATION_KINDS = ("warehouse", "sales_point", "district_centre", "provincial_centre", "regional_centre")
KIND_LABELS = {"warehouse": _l("Kho của cơ sở"), "sales_point": _l("Điểm bán OCOP"),
               "district_centre": _l("Trung tâm OCOP cấp huyện"), "provincial_centre": _l("Trung tâm OCOP cấp tỉnh"),
               "regional_centre": _l("Trung tâm OCOP cấp vùng")}
MOVEMENT_REASONS = ("receipt", "import", "sale", "order", "release", "transfer", "count", "return", "loss")
# Why units moved, in words, for the ledger's readers.
REASON_LABELS = {"receipt": _l("Nhập kho"), "import": _l("Nhập từ danh sách"), "sale": _l("Bán tại điểm bán"),
                 "order": _l("Đơn hàng trực tuyến"), "release": _l("Trả lại từ đơn"), "transfer": _l("Chuyển kho"),
                 "count": _l("Kiểm kê"), "return": _l("Hàng trả về"),
                 "loss": _l("Hao hụt khi chuyển")}


class Location(db.Model):
    """A place holding stock: a producer's warehouse or an OCOP outlet."""

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20), nullable=False)
    slug = db.Column(db.String(160), nullable=False, unique=True)
    name = db.Column(db.String(300), nullable=False)
    province = db.Column(db.String(60), nullable=False)
    commune = db.Column(db.String(120), nullable=True)
    old_district = db.Column(db.String(120), nullable=True)  # history only: districts ended 2025-07-01
    address = db.Column(db.String(300), nullable=True)
    opening_hours = db.Column(db.String(120), nullable=True)  # an outlet's, in words: "7:30–17:00, cả tuần"
    phone = db.Column(db.String(20), nullable=True)  # an outlet's, in its normal form ("0912345678")
    # An outlet's bank account, for the VietQR code its till shows for a payment by bank transfer.
    bank_bin = db.Column(db.String(6), nullable=True)  # the bank's NAPAS BIN ("970415")
    bank_account = db.Column(db.String(19), nullable=True)
    bank_account_name = db.Column(db.String(70), nullable=True)
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=True, index=True)

    seller = db.relationship("Seller")

    __table_args__ = (
        db.CheckConstraint(one_of("kind", LOCATION_KINDS), name="kind"),
        db.CheckConstraint("kind <> 'warehouse' OR seller_id IS NOT NULL", name="warehouse_has_seller"),
        db.Index("uq_location_one_warehouse", "seller_id", unique=True,  # one warehouse per producer
                 sqlite_where=db.text("kind = 'warehouse'"), postgresql_where=db.text("kind = 'warehouse'")),
    )


class OutletStaff(db.Model):
    """A user who works at an OCOP outlet (sales point or centre) and may move its stock."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    location_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False)

    user = db.relationship("User", back_populates="outlet_posts")
    location = db.relationship("Location")

    __table_args__ = (db.UniqueConstraint("user_id", "location_id", name="uq_outlet_staff_user_location"),)


class Batch(db.Model):
    """A batch (lô) of a product: its code on the label, the day it was made and its best-before (hạn sử dụng)."""

    id = db.Column(db.Integer, primary_key=True)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False)
    code = db.Column(db.String(40), nullable=False)
    produced_on = db.Column(db.Date, nullable=False)
    best_before = db.Column(db.Date, nullable=False)

    product = db.relationship("Product")

    __table_args__ = (
        db.UniqueConstraint("product_id", "code", name="uq_batch_product_code"),
        db.CheckConstraint("best_before > produced_on", name="best_before_after_production"),
    )


_NO_BATCH = "batch_id IS NULL"
_A_BATCH = "batch_id IS NOT NULL"


class StockLevel(db.Model):
    """Units of a product (of one batch, or of none) at a location: on hand, and how many are reserved."""

    id = db.Column(db.Integer, primary_key=True)
    location_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False, index=True)
    batch_id = db.Column(db.Integer, db.ForeignKey("batch.id"), nullable=True)  # none: units of no batch
    on_hand = db.Column(db.Integer, nullable=False, default=0)
    reserved = db.Column(db.Integer, nullable=False, default=0)
    price_vnd = db.Column(db.Integer, nullable=True)  # an outlet's own counter price; none: the producer's price
    minimum = db.Column(db.Integer, nullable=True)  # an outlet's low-stock line: below it, ask the producer for more

    location = db.relationship("Location")
    product = db.relationship("Product")
    batch = db.relationship("Batch")

    __table_args__ = (  # one level per (location, product, batch), the no-batch one included
        db.Index("uq_stock_level_location_product", "location_id", "product_id", unique=True,
                 sqlite_where=db.text(_NO_BATCH), postgresql_where=db.text(_NO_BATCH)),
        db.Index("uq_stock_level_location_product_batch", "location_id", "product_id", "batch_id", unique=True,
                 sqlite_where=db.text(_A_BATCH), postgresql_where=db.text(_A_BATCH)),
        db.CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        db.CheckConstraint("on_hand >= reserved", name="on_hand_covers_reserved"),
        db.CheckConstraint("minimum IS NULL OR minimum > 0", name="minimum_positive"),
    )

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def top_up(self) -> int:
        """Units that would bring on hand back up to the outlet's minimum (0: not below it, or none set)."""
        return max((self.minimum or 0) - self.on_hand, 0)


class StockMovement(db.Model):
    """One line of the stock ledger; rows are only ever added, never changed."""

    id = db.Column(db.Integer, primary_key=True)
    location_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False)
    batch_id = db.Column(db.Integer, db.ForeignKey("batch.id"), nullable=True)  # none: units of no batch
    delta = db.Column(db.Integer, nullable=False)
    reason = db.Column(db.String(20), nullable=False)
    reference = db.Column(db.String(120), nullable=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    note = db.Column(db.String(300), nullable=True)  # why, in the words of who moved the units (a count's reason)
    at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    location = db.relationship("Location")
    user = db.relationship("User")
    batch = db.relationship("Batch")

    __table_args__ = (
        db.CheckConstraint("delta <> 0", name="delta_not_zero"),
        db.Index("uq_stock_movement_receipt", "product_id", "reference", unique=True,  # a receipt form counts once
                 sqlite_where=db.text("reason = 'receipt' AND reference IS NOT NULL"),
                 postgresql_where=db.text("reason = 'receipt' AND reference IS NOT NULL")),
        db.CheckConstraint(one_of("reason", MOVEMENT_REASONS), name="reason"),
        db.Index("ix_stock_movement_location_product", "location_id", "product_id"),
    )
