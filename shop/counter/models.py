"""Sales at an OCOP outlet's counter: one receipt (biên lai) per sale, a line per product, a void with its reason.

A line keeps what the receipt printed — the product's name, unit price, its stars when it was OCOP certified
on the day, or that it was sold as a non-OCOP local speciality — so the receipt reads the same later.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from shop.extensions import db, one_of

PAYMENTS = ("cash", "transfer")
PAYMENT_LABELS = {"cash": _l("Tiền mặt"), "transfer": _l("Chuyển khoản")}
STATES = ("sold", "voided")
STATE_LABELS = {"sold": _l("Đã bán"), "voided": _l("Đã huỷ")}


class Sale(db.Model):
    """One counter sale at an outlet: its receipt number, who sold, how it was paid, and whether it was voided."""

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(20), nullable=False, unique=True)  # BL-YYMMDD-XXXXXX
    location_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)  # the member of staff at the till
    payment = db.Column(db.String(10), nullable=False)
    state = db.Column(db.String(10), nullable=False, default="sold")
    total_vnd = db.Column(db.Integer, nullable=False)
    sold_on = db.Column(db.Date, nullable=False)  # the shop's today when sold (Asia/Ho_Chi_Minh)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    voided_at = db.Column(db.DateTime(timezone=True), nullable=True)
    voided_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    void_reason = db.Column(db.String(300), nullable=True)

    location = db.relationship("Location")
    user = db.relationship("User", foreign_keys=[user_id])
    voided_by = db.relationship("User", foreign_keys=[voided_by_id])
    lines = db.relationship("SaleLine", back_populates="sale", order_by="SaleLine.id")

    __table_args__ = (
        db.CheckConstraint(one_of("payment", PAYMENTS), name="payment"),
        db.CheckConstraint(one_of("state", STATES), name="state"),
        db.CheckConstraint("total_vnd >= 0", name="total_not_negative"),
        db.CheckConstraint("state = 'sold' OR void_reason IS NOT NULL", name="void_has_reason"),
        db.Index("ix_sale_location_created", "location_id", "created_at"),
    )

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


class SaleLine(db.Model):
    """A product on a receipt: units, unit price, and as what it was sold (OCOP with its stars, or speciality)."""

    id = db.Column(db.Integer, primary_key=True)
    sale_id = db.Column(db.Integer, db.ForeignKey("sale.id"), nullable=False)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False, index=True)
    product_name = db.Column(db.String(300), nullable=False)
    quantity = db.Column(db.Integer, nullable=False)
    unit_price_vnd = db.Column(db.Integer, nullable=False)
    stars = db.Column(db.Integer, nullable=True)  # the OCOP stars in force when sold; none for a speciality
    speciality = db.Column(db.Boolean, nullable=False, default=False)  # đặc sản địa phương, không phải OCOP

    sale = db.relationship("Sale", back_populates="lines")
    product = db.relationship("Product")

    __table_args__ = (
        db.UniqueConstraint("sale_id", "product_id", name="uq_sale_line_sale_product"),
        db.CheckConstraint("quantity > 0", name="quantity_positive"),
        db.CheckConstraint("unit_price_vnd > 0", name="price_positive"),
        db.CheckConstraint("NOT speciality OR stars IS NULL", name="speciality_has_no_stars"),
    )

    @property
    def amount_vnd(self) -> int:
        return self.quantity * self.unit_price_vnd
