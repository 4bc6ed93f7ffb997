"""Checkout: one transaction turns the cart into an Order, one SellerOrder per producer, and takes stock.

Each line takes its units through an inventory verb whose one conditional
UPDATE of the stock level also requires sellable(today): the stock row's
lock and the sellable check are one statement, so no product is sold after it
stopped being sellable and no unit is sold twice. Any line that fails rolls
the whole checkout back (the view commits only a complete order).
Cash on delivery takes the units at once; card reserves them until paid.
"""
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, exists, insert, select

from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.clock import now
from shop.errors import Conflict
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.inventory.services import StockRefused, reserve_stock, take_stock
from shop.orders.cart import grouped
from shop.orders.models import CartLine, Order, OrderLine, SellerOrder
from shop.rows import written
from shop.text import reference_number

MAX_ORDER_VND = 2_000_000_000  # whole dong in a 32-bit column; larger purchases are arranged directly


class CheckoutRefused(Conflict):
    """The order cannot be placed as it stands; the message says which product and why."""


@dataclass
class Contact:
    """Who receives the order and where (the province is one of the 34)."""

    name: str
    phone: str
    province: str
    commune: str
    address: str
    email: str | None = None


def new_order_number(today) -> str:
    """A short number a buyer can read out: DH-261123-7K2M9Q (date, then 6 random characters)."""
    return reference_number("DH", today)


def find_order(number: str) -> Order | None:
    """The order with this number, however the buyer typed its case and spaces."""
    return db.session.scalar(select(Order).where(Order.number == number.strip().upper()))


@lru_cache(maxsize=4)
def _still_sellable(today):
    """SQL for the stock level's UPDATE: its product is sellable(today); built once per day and process."""
    return exists(select(Product.id).where(Product.id == StockLevel.product_id, sellable(today)))


def _take_stock(order_number: str, product: Product, quantity: int, today, reserve: bool) -> None:
    """Take (or reserve) units for the order, in the same statement that checks the product is still sellable."""
    try:
        (reserve_stock if reserve else take_stock)(product, quantity, reference=order_number,
                                                   only_if=_still_sellable(today))
    except StockRefused:
        on_sale = db.session.scalar(select(sellable(today)).where(Product.id == product.id))
        raise CheckoutRefused(_l("%(name)s không còn đủ hàng.", name=product.name) if on_sale else
                              _l("%(name)s hiện không được bán (chứng nhận OCOP không còn hiệu lực).",
                                 name=product.name)) from None


# Built once and run on the session's connection: it keeps its cache key (the session's ORM execution would
# annotate, i.e. rebuild, it each time).
_DELETE_LINES = delete(CartLine).where(CartLine.cart_id == bindparam("cart_id"))


def _empty_cart(cart, lines: int) -> None:
    """Delete the cart's lines first thing: a second click on "order" finds them gone and is refused."""
    deleted = db.session.connection().execute(_DELETE_LINES, {"cart_id": cart.id}).rowcount
    if deleted != lines:
        raise CheckoutRefused(_l("Đơn hàng này vừa được đặt; hãy xem lại giỏ hàng."))
    db.session.expire(cart, ["lines"])


def checked_amounts(groups) -> tuple[int, int]:
    """(items, shipping) in dong of the cart's `groups`, refused if it is empty, holds a line that cannot be bought
    or comes to more than MAX_ORDER_VND. Reads and writes nothing."""
    problems = [f"{view.line.product.name}: {view.problem}" for g in groups for view in g.lines if view.problem]
    if not groups:
        raise CheckoutRefused(_l("Giỏ hàng đang trống."))
    if problems:
        raise CheckoutRefused(_l("Hãy sửa giỏ hàng trước: %(problems)s", problems="; ".join(problems)))
    items, shipping = sum(g.items_vnd for g in groups), sum(g.shipping_vnd for g in groups)
    if items + shipping > MAX_ORDER_VND:
        raise CheckoutRefused(_l("Đơn hàng vượt quá %(limit)s; hãy chia thành nhiều đơn.", limit=MAX_ORDER_VND))
    return items, shipping


def place_order(cart, contact: Contact, payment_method: str, today, *, user_id: int | None = None,
                groups: list | None = None, number: str | None = None) -> Order:
    """Turn the cart into an order and take its stock; empties the cart. Writes; the caller commits.

    `groups` is the cart's `grouped(cart, today)` when the caller has just read it (the lock that
    takes stock checks sellable() again whatever it says); `number` the order's, when chosen before
    (a card payment opened for it)."""
    groups = grouped(cart, today) if groups is None else groups
    items, shipping = checked_amounts(groups)
    views = [view for group in groups for view in group.lines]
    _empty_cart(cart, len(views))
    card, number = payment_method == "card", number or new_order_number(today)
    # Stock rows are locked in one order (by product) so that two carts never wait on each other; the order is
    # written once its stock is taken, in the same transaction (nobody sees one without the other).
    for view in sorted(views, key=lambda v: v.line.product_id):
        _take_stock(number, view.line.product, view.line.quantity, today, reserve=card)
    order = written(Order, {"number": number, "user_id": user_id, "payment_method": payment_method,
                            "status": "awaiting_payment" if card else "placed", "items_vnd": items,
                            "shipping_vnd": shipping, "total_vnd": items + shipping, **vars(contact),
                            "reserved_until": now() + timedelta(minutes=current_app.config["RESERVATION_MINUTES"])
                            if card else None})
    _write_parts(order, groups)
    return order


_INSERT_PARTS = insert(SellerOrder.__table__).returning(SellerOrder.__table__.c.id, sort_by_parameter_order=True)
_INSERT_LINES = insert(OrderLine.__table__)


def _write_parts(order: Order, groups) -> None:
    """Write the producers' parts of the order (one INSERT), then a line for each of their cart lines (one more)."""
    part_ids = db.session.execute(_INSERT_PARTS, [
        {"order_id": order.id, "seller_id": group.seller.id, "items_vnd": group.items_vnd,
         "shipping_vnd": group.shipping_vnd} for group in groups]).scalars().all()
    db.session.execute(_INSERT_LINES, [_order_line(part_id, view.line)
                                       for part_id, group in zip(part_ids, groups, strict=True)
                                       for view in group.lines])


def _order_line(part_id: int, line) -> dict:
    """An order line copying the product's name, unit, price, stars and certificate code as sold."""
    product, certificate = line.product, line.product.current_certificate
    return {"seller_order_id": part_id, "product_id": product.id, "name": product.name, "unit": product.unit,
            "price_vnd": product.price_vnd, "quantity": line.quantity, "stars": certificate.stars,
            "certificate_code": certificate.code}
