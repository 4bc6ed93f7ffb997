"""Cart, Order → SellerOrder → OrderLine, Payment and WebhookEvent. Money is integer VND.

One checkout makes one Order (the buyer's), split into one SellerOrder per
producer, each fulfilled and tracked on its own. Lines copy the product's
name, price, stars and certificate code, so an order reads the same after
the product changes or its certificate expires.
"""
from sqlalchemy import func

from shop.extensions import db, one_of

PAYMENT_METHODS = ("cod", "card")
# placed: COD taken, stock taken. awaiting_payment: card, stock reserved until `reserved_until`.
# paid: card payment succeeded, stock taken. expired: the card payment never came; reservation released.
ORDER_STATUSES = ("placed", "awaiting_payment", "paid", "expired")
SELLER_ORDER_STATUSES = ("pending", "confirmed", "shipped", "delivered", "cancelled", "refunded")
PAYMENT_STATUSES = ("pending", "requires_action", "succeeded", "failed", "cancelled", "refunded")
MAX_LINE_QUANTITY = 99


class Cart(db.Model):
    """A visitor's cart: a signed-in user's (one each), or a guest's, found by the token in their session."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True, unique=True)
    token = db.Column(db.String(64), nullable=True, unique=True)
    updated_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now(),
                           onupdate=func.now())

    lines = db.relationship("CartLine", back_populates="cart", cascade="all, delete-orphan",
                            order_by="CartLine.id")

    __table_args__ = (db.CheckConstraint("user_id IS NOT NULL OR token IS NOT NULL", name="has_owner"),)


class CartLine(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    cart_id = db.Column(db.Integer, db.ForeignKey("cart.id", ondelete="CASCADE"), nullable=False)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id", ondelete="CASCADE"), nullable=False)
    quantity = db.Column(db.Integer, nullable=False)

    cart = db.relationship("Cart", back_populates="lines")
    product = db.relationship("Product")

    __table_args__ = (
        db.UniqueConstraint("cart_id", "product_id", name="uq_cart_line_cart_product"),
        db.CheckConstraint(f"quantity BETWEEN 1 AND {MAX_LINE_QUANTITY}", name="quantity_range"),
    )


class Order(db.Model):
    """One checkout: who buys, where it goes, how it is paid, and the totals."""

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(20), nullable=False, unique=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True, index=True)
    name = db.Column(db.String(200), nullable=False)
    phone = db.Column(db.String(20), nullable=False)
    email = db.Column(db.String(254), nullable=True)
    province = db.Column(db.String(60), nullable=False)
    commune = db.Column(db.String(120), nullable=False)
    address = db.Column(db.String(300), nullable=False)  # street, house number, hamlet
    payment_method = db.Column(db.String(10), nullable=False)
    status = db.Column(db.String(20), nullable=False)
    items_vnd = db.Column(db.Integer, nullable=False)
    shipping_vnd = db.Column(db.Integer, nullable=False)
    total_vnd = db.Column(db.Integer, nullable=False)
    reserved_until = db.Column(db.DateTime(timezone=True), nullable=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    parts = db.relationship("SellerOrder", back_populates="order", order_by="SellerOrder.id")
    user = db.relationship("User")
    payments = db.relationship("Payment", back_populates="order", order_by="Payment.id")

    __table_args__ = (
        db.CheckConstraint(one_of("payment_method", PAYMENT_METHODS), name="payment_method"),
        db.CheckConstraint(one_of("status", ORDER_STATUSES), name="status"),
        db.CheckConstraint("total_vnd = items_vnd + shipping_vnd", name="total_adds_up"),
        db.CheckConstraint("items_vnd > 0 AND shipping_vnd >= 0", name="amounts"),
    )


class SellerOrder(db.Model):
    """One producer's part of an order, fulfilled by that producer."""

    id = db.Column(db.Integer, primary_key=True)
    order_id = db.Column(db.Integer, db.ForeignKey("order.id"), nullable=False, index=True)
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False, default="pending")
    items_vnd = db.Column(db.Integer, nullable=False)
    shipping_vnd = db.Column(db.Integer, nullable=False)
    carrier = db.Column(db.String(80), nullable=True)
    tracking_number = db.Column(db.String(80), nullable=True)
    updated_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now(),
                           onupdate=func.now())

    order = db.relationship("Order", back_populates="parts")
    seller = db.relationship("Seller")
    lines = db.relationship("OrderLine", back_populates="part", order_by="OrderLine.id")

    __table_args__ = (
        db.CheckConstraint(one_of("status", SELLER_ORDER_STATUSES), name="status"),
        db.UniqueConstraint("order_id", "seller_id", name="uq_seller_order_order_seller"),
    )


class OrderLine(db.Model):
    """A product bought, as it was at checkout."""

    id = db.Column(db.Integer, primary_key=True)
    seller_order_id = db.Column(db.Integer, db.ForeignKey("seller_order.id"), nullable=False, index=True)
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False)
    name = db.Column(db.String(300), nullable=False)
    unit = db.Column(db.String(40), nullable=False)
    price_vnd = db.Column(db.Integer, nullable=False)
    quantity = db.Column(db.Integer, nullable=False)
    stars = db.Column(db.SmallInteger, nullable=False)
    certificate_code = db.Column(db.String(20), nullable=False)

    part = db.relationship("SellerOrder", back_populates="lines")
    product = db.relationship("Product")

    __table_args__ = (db.CheckConstraint("quantity > 0 AND price_vnd > 0", name="positive"),)

    @property
    def total_vnd(self) -> int:
        return self.price_vnd * self.quantity


class Payment(db.Model):
    """A payment attempt for an order: cash on delivery, or a Stripe PaymentIntent."""

    id = db.Column(db.Integer, primary_key=True)
    order_id = db.Column(db.Integer, db.ForeignKey("order.id"), nullable=False, index=True)
    method = db.Column(db.String(10), nullable=False)
    provider_id = db.Column(db.String(120), nullable=True, unique=True)  # Stripe PaymentIntent id
    amount_vnd = db.Column(db.Integer, nullable=False)
    status = db.Column(db.String(20), nullable=False, default="pending")
    updated_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now(),
                           onupdate=func.now())

    order = db.relationship("Order", back_populates="payments")

    __table_args__ = (
        db.CheckConstraint(one_of("method", PAYMENT_METHODS), name="method"),
        db.CheckConstraint(one_of("status", PAYMENT_STATUSES), name="status"),
    )


class WebhookEvent(db.Model):
    """A provider event already handled: a replayed or duplicated event id changes nothing."""

    id = db.Column(db.Integer, primary_key=True)
    provider_event_id = db.Column(db.String(120), nullable=False, unique=True)
    type = db.Column(db.String(80), nullable=False)
    received_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
