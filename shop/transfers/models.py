"""Consignment transfers (phiếu chuyển kho): units a producer sends from its warehouse to an OCOP outlet,
returns from an outlet back to the producer, and an outlet's requests for stock.

A transfer moves one producer's units between two of its places: its warehouse and an outlet that holds
them on consignment (ký gửi: the units stay the producer's until sold). Its state goes
requested → draft → sent → received, or to cancelled from any state before received; each change is a
`TransferEvent`, the transfer's history.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from shop.clock import today
from shop.extensions import db, one_of

STATES = ("requested", "draft", "sent", "received", "cancelled")
STATE_LABELS = {"requested": _l("Điểm bán đề nghị"), "draft": _l("Nháp"), "sent": _l("Đang chuyển"),
                "received": _l("Đã nhận"), "cancelled": _l("Đã huỷ")}


class Transfer(db.Model):
    """One consignment transfer (or return, or request) of a producer's units between two places."""

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(20), nullable=False, unique=True)  # CK-YYMMDD-XXXXXX
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=False, index=True)  # whose units
    source_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False, index=True)
    destination_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False, index=True)
    state = db.Column(db.String(12), nullable=False)
    note = db.Column(db.String(300), nullable=True)  # from whoever made it
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    seller = db.relationship("Seller")
    source = db.relationship("Location", foreign_keys=[source_id])
    destination = db.relationship("Location", foreign_keys=[destination_id])
    lines = db.relationship("TransferLine", back_populates="transfer", order_by="TransferLine.id")
    events = db.relationship("TransferEvent", order_by="TransferEvent.id")

    __table_args__ = (
        db.CheckConstraint(one_of("state", STATES), name="state"),
        db.CheckConstraint("source_id <> destination_id", name="two_places"),
    )

    @property
    def is_return(self) -> bool:
        """Units going back from an outlet to the producer's warehouse."""
        return self.source.kind != "warehouse"

    @property
    def outlet(self):
        """The OCOP outlet at the other end from the producer's warehouse."""
        return self.source if self.is_return else self.destination

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


class TransferLine(db.Model):
    """A product on a transfer: units sent, and once received, how many arrived (the rest were lost)."""

    id = db.Column(db.Integer, primary_key=True)
    transfer_id = db.Column(db.Integer, db.ForeignKey("transfer.id"), nullable=False)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False, index=True)
    batch_id = db.Column(db.Integer, db.ForeignKey("batch.id"), nullable=True)  # the batch sent (none: no batch)
    quantity = db.Column(db.Integer, nullable=False)
    received = db.Column(db.Integer, nullable=True)

    transfer = db.relationship("Transfer", back_populates="lines")
    product = db.relationship("Product")
    batch = db.relationship("Batch")

    __table_args__ = (
        db.Index("uq_transfer_line_transfer_product", "transfer_id", "product_id", unique=True,
                 sqlite_where=db.text("batch_id IS NULL"), postgresql_where=db.text("batch_id IS NULL")),
        db.Index("uq_transfer_line_transfer_product_batch", "transfer_id", "product_id", "batch_id", unique=True,
                 sqlite_where=db.text("batch_id IS NOT NULL"), postgresql_where=db.text("batch_id IS NOT NULL")),
        db.CheckConstraint("quantity > 0", name="quantity_positive"),
        db.CheckConstraint("received IS NULL OR (received >= 0 AND received <= quantity)", name="received_range"),
    )

    @property
    def shortfall(self) -> int:
        return self.quantity - self.received if self.received is not None else 0


class TransferEvent(db.Model):
    """A step in a transfer's history: the state it reached, who took it, when, and their note."""

    id = db.Column(db.Integer, primary_key=True)
    transfer_id = db.Column(db.Integer, db.ForeignKey("transfer.id"), nullable=False, index=True)
    state = db.Column(db.String(12), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    note = db.Column(db.String(300), nullable=True)
    at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    user = db.relationship("User")

    __table_args__ = (db.CheckConstraint(one_of("state", STATES), name="state"),)


# Pull alerts (issue 16): an outlet holds units of a product whose certificate no longer lets it be sold as OCOP.
ALERT_KINDS = ("expired", "revoked", "downgraded", "expiring", "best_before")
ALERT_KIND_LABELS = {"expired": _l("Chứng nhận đã hết hạn"), "revoked": _l("Chứng nhận đã bị thu hồi"),
                     "downgraded": _l("Bị hạ dưới 3 sao"), "expiring": _l("Chứng nhận sắp hết hạn"),
                     "best_before": _l("Lô hàng đã quá hạn sử dụng")}
ALERT_CLOSINGS = ("returned", "recertified", "counted")  # counted: a count found its units gone
_OPEN = "closed_at IS NULL"


class PullAlert(db.Model):
    """An outlet's call to take a product off its counter and return its units: raised when the product's
    certificate expires, is revoked or superseded below 3★ (or will expire within 30 days), or a batch it holds
    passes its best-before; closed when the units are returned (or a count finds them gone) or the product is
    certified again. One open alert per outlet and product."""

    id = db.Column(db.Integer, primary_key=True)
    location_id = db.Column(db.Integer, db.ForeignKey("location.id"), nullable=False)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False, index=True)
    certificate_id = db.Column(db.Integer, db.ForeignKey("certificate.id"), nullable=False)
    kind = db.Column(db.String(12), nullable=False)  # best_before: a batch held there is past its best-before
    raised_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    closed_at = db.Column(db.DateTime(timezone=True), nullable=True)
    closed_by = db.Column(db.String(12), nullable=True)  # why it closed: returned | recertified | counted

    location = db.relationship("Location")
    product = db.relationship("Product")
    certificate = db.relationship("Certificate")
    levels = db.relationship("StockLevel", viewonly=True, order_by="StockLevel.id",  # the product's lines there
                             primaryjoin="and_(PullAlert.location_id == foreign(StockLevel.location_id), "
                                         "PullAlert.product_id == foreign(StockLevel.product_id))")

    @property
    def held(self) -> list:
        """The stock lines holding the units it is about, today: a best_before alert's batches past their
        best-before, any other alert's every line of the product at the outlet."""
        day = today()
        return [level for level in self.levels if level.on_hand and (
            self.kind != "best_before" or (level.batch is not None and level.batch.best_before < day))]

    @property
    def units(self) -> int:
        """How many units it says to pull and return."""
        return sum(level.on_hand for level in self.held)

    __table_args__ = (
        db.CheckConstraint(one_of("kind", ALERT_KINDS), name="kind"),
        db.CheckConstraint(f"closed_by IS NULL OR {one_of('closed_by', ALERT_CLOSINGS)}", name="closed_by"),
        db.CheckConstraint("(closed_at IS NULL) = (closed_by IS NULL)", name="closed_with_reason"),
        db.Index("uq_pull_alert_open", "location_id", "product_id", unique=True,
                 sqlite_where=db.text(_OPEN), postgresql_where=db.text(_OPEN)),
    )
