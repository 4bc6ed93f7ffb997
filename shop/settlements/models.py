"""Consignment settlements and commission rates.

A settlement covers one producer's units at one outlet over a stretch of the stock ledger: the movements after
the previous settlement's last one (`after_movement_id`, 0 for the first) up to and including
`through_movement_id`. Only paid settlements are stored — their figures frozen — so a later correction (a void,
a count) is a newer ledger row and lands in the next settlement. Money is in whole VND; a commission rate is in
basis points (1 % = 100), applied once to the period's sales amount and rounded half away from zero.
"""
from sqlalchemy import func

from shop.extensions import db

FULL_RATE_BP = 10_000  # 100 %


class CommissionRate(db.Model):
    """An outlet's commission on consignment sales (seller_id empty), or its override for one producer."""

    id = db.Column(db.Integer, primary_key=True)
    location_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False)
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=True)
    rate_bp = db.Column(db.Integer, nullable=False)

    location = db.relationship("Location")
    seller = db.relationship("Seller")

    __table_args__ = (
        db.CheckConstraint(f"rate_bp >= 0 AND rate_bp <= {FULL_RATE_BP}", name="rate_range"),
        db.UniqueConstraint("location_id", "seller_id", name="uq_commission_rate_location_seller"),
        db.Index("uq_commission_rate_outlet", "location_id", unique=True,  # one outlet-wide rate
                 sqlite_where=db.text("seller_id IS NULL"), postgresql_where=db.text("seller_id IS NULL")),
    )


class Settlement(db.Model):
    """A paid consignment settlement: one producer's figures at one outlet over a closed period, frozen."""

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(20), nullable=False, unique=True)  # QT-YYMMDD-XXXXXX
    location_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False)
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=False, index=True)
    after_movement_id = db.Column(db.Integer, nullable=False)  # the previous settlement's last ledger row (0: none)
    through_movement_id = db.Column(db.Integer, nullable=False)  # the last ledger row this one covers
    starts_at = db.Column(db.DateTime(timezone=True), nullable=True)  # the first movement's time, for readers
    ends_at = db.Column(db.DateTime(timezone=True), nullable=True)  # the last movement's time
    opening = db.Column(db.Integer, nullable=False)  # units on hand before the period
    received = db.Column(db.Integer, nullable=False)
    sold = db.Column(db.Integer, nullable=False)
    returned = db.Column(db.Integer, nullable=False)  # sent back to the producer
    lost = db.Column(db.Integer, nullable=False)  # short on arrival, or missing at a count (found units lower it)
    closing = db.Column(db.Integer, nullable=False)  # units on hand at the period's end
    sales_vnd = db.Column(db.BigInteger, nullable=False)
    commission_bp = db.Column(db.Integer, nullable=False)
    commission_vnd = db.Column(db.BigInteger, nullable=False)
    owed_vnd = db.Column(db.BigInteger, nullable=False)  # sales less commission, paid to the producer
    paid_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    paid_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)

    outlet = db.relationship("Location")
    seller = db.relationship("Seller")

    __table_args__ = (
        # Two offices closing the same period at once: one wins, the other is told.
        db.UniqueConstraint("location_id", "seller_id", "after_movement_id", name="uq_settlement_period"),
        db.CheckConstraint("through_movement_id > after_movement_id", name="period_not_empty"),
        db.CheckConstraint("owed_vnd = sales_vnd - commission_vnd", name="owed_is_sales_less_commission"),
    )
