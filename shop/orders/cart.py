"""The cart: add, change, remove lines; group them by producer with shipping; merge a guest's cart at login.

What the cart shows is checked again at checkout, under the lock that takes
stock; here it only warns early (a product that stopped being sellable, or
more units than are left).
"""
import secrets
from dataclasses import dataclass, field
from functools import lru_cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.errors import Conflict
from shop.extensions import db
from shop.inventory.services import available_column, expired_online
from shop.orders.models import MAX_LINE_QUANTITY, Cart, CartLine
from shop.rows import written


class CartRefused(Conflict):
    """A cart change the shop refuses (not on sale, not enough left); the message is shown to the buyer."""


def new_cart_token() -> str:
    return secrets.token_urlsafe(24)


# The cart of a signed-in :user_id, or the guest cart of :token, with its lines; built once: only the values change.
_USERS_CART = select(Cart).where(Cart.user_id == bindparam("user_id")).options(joinedload(Cart.lines))
_GUESTS_CART = (select(Cart).where(Cart.token == bindparam("token"), Cart.user_id.is_(None))
                .options(joinedload(Cart.lines)))


def find_cart(user_id: int | None, token: str | None) -> Cart | None:
    """The signed-in user's cart, or the guest cart this token opens, with its lines (one query)."""
    if user_id is not None:
        found = db.session.scalars(_USERS_CART, {"user_id": user_id})
    elif token:
        found = db.session.scalars(_GUESTS_CART, {"token": token})
    else:
        return None
    return found.unique().first()


def new_cart(user_id: int | None, token: str) -> Cart:
    """A new, empty cart for the visitor, written at once (its lines known to be none: no query to learn them)."""
    return written(Cart, {"user_id": user_id, "token": None if user_id else token}, lines=[])


def open_cart(user_id: int | None, token: str) -> Cart:
    """The visitor's cart, created on first use."""
    return find_cart(user_id, token) or new_cart(user_id, token)


def _line(cart: Cart, product_id: int) -> CartLine | None:
    return next((line for line in cart.lines if line.product_id == product_id), None)


@dataclass
class Offer:
    """A product as a buyer may take it now: whether it is sellable today and how many units are left online."""

    product: Product
    on_sale: bool
    left: int


def find_offer(slug: str, today) -> Offer | None:
    """The product of this slug with whether it is sellable(today) and its units left online (one query)."""
    found = db.session.execute(_on_sale_and_units(today, by_slug=True), {"slug": slug}).first()
    return Offer(*found) if found else None


def set_quantity(cart: Cart, product: Product, quantity: int, today, *, add: bool = False,
                 offer: Offer | None = None) -> CartLine | None:
    """Put `quantity` units of a sellable product in the cart (added to what is there if `add`); 0 removes it.

    `offer` is the product's `find_offer` when the caller has just read it (in this transaction)."""
    line = _line(cart, product.id)
    wanted = quantity + (line.quantity if line and add else 0)
    if wanted <= 0:
        if line is not None:
            cart.lines.remove(line)
            db.session.flush()
        return None
    if offer is None:
        offer = Offer(*db.session.execute(_on_sale_and_units(today), {"ids": [product.id]}).one())
    on_sale, left = offer.on_sale, offer.left
    if not on_sale:
        raise CartRefused(_l("%(name)s hiện không được bán.", name=product.name))
    if wanted > MAX_LINE_QUANTITY:
        raise CartRefused(_l("Mỗi sản phẩm tối đa %(n)s đơn vị một lần mua.", n=MAX_LINE_QUANTITY))
    if wanted > left and expired_online(product):
        raise CartRefused(_l("Chỉ còn %(n)s %(unit)s %(name)s trong hạn sử dụng: các lô khác đã quá hạn, không "
                             "được bán.", n=left, unit=product.unit, name=product.name))
    if wanted > left:
        raise CartRefused(_l("Chỉ còn %(n)s %(unit)s %(name)s.", n=left, unit=product.unit, name=product.name)
                          if left else _l("%(name)s đã hết hàng.", name=product.name))
    if line is None:
        line = written(CartLine, {"cart_id": cart.id, "product_id": product.id, "quantity": wanted}, product=product)
        set_committed_value(cart, "lines", [*cart.lines, line])  # as read: the row is written
        return line
    line.quantity = wanted
    db.session.flush()
    return line


def units(cart: Cart | None) -> int:
    """How many units the cart holds, all lines together (the header's count)."""
    return sum(line.quantity for line in cart.lines) if cart is not None else 0


def merge_carts(guest: Cart, user_cart: Cart) -> None:
    """At login: move the guest's lines into the user's cart (larger quantity wins), then drop the guest cart."""
    for line in list(guest.lines):
        mine = _line(user_cart, line.product_id)
        if mine is None:
            user_cart.lines.append(CartLine(product_id=line.product_id, quantity=line.quantity))
        else:
            mine.quantity = max(mine.quantity, line.quantity)
    db.session.delete(guest)
    db.session.flush()


@dataclass
class CartLineView:
    line: CartLine
    sellable: bool
    available: int

    @property
    def total_vnd(self) -> int:
        """The line's price times its quantity."""
        return self.line.product.price_vnd * self.line.quantity

    @property
    def problem(self):
        if not self.sellable:
            return _l("Sản phẩm này hiện không được bán và sẽ không được thanh toán.")
        if self.line.quantity > self.available and expired_online(self.line.product):
            return _l("Chỉ còn %(n)s trong hạn sử dụng: các lô khác đã quá hạn, không được bán.", n=self.available)
        if self.line.quantity > self.available:
            return (_l("Chỉ còn %(n)s.", n=self.available) if self.available else _l("Đã hết hàng."))
        return None


@dataclass
class SellerGroup:
    """The cart's lines from one producer, with their subtotal and shipping."""

    seller: object
    lines: list = field(default_factory=list)

    @property
    def items_vnd(self) -> int:
        return sum(view.total_vnd for view in self.lines if view.problem is None)

    @property
    def shipping_vnd(self) -> int:
        return shipping_fee(self.seller, self.items_vnd) if self.items_vnd else 0

    @property
    def short_of_free_shipping_vnd(self) -> int | None:
        """How much more from this producer would ship free (None when it never ships free or already does)."""
        threshold = self.seller.free_shipping_over_vnd
        if threshold is None or not self.shipping_vnd:
            return None
        return threshold - self.items_vnd


def flat_fee(seller) -> int:
    """The producer's shipping fee below its free-shipping threshold: its own, or the shop's default."""
    fee = seller.shipping_fee_vnd
    return current_app.config["SHIPPING_FEE_VND"] if fee is None else fee


def shipping_fee(seller, items_vnd: int) -> int:
    """The producer's flat fee (or the shop's default), free from its threshold on."""
    threshold = seller.free_shipping_over_vnd
    if threshold is not None and items_vnd >= threshold:
        return 0
    return flat_fee(seller)


def total_vnd(groups: list[SellerGroup]) -> int:
    """What the buyer pays for the lines that can be bought: items and shipping of every producer."""
    return sum(group.items_vnd + group.shipping_vnd for group in groups)


@lru_cache(maxsize=8)
def _on_sale_and_units(day, by_slug: bool = False):
    """SELECT the products :ids (with their producer and current certificate), or the product of :slug if
    `by_slug`, whether each is sellable(day) and the units online orders may take of it (in date on `day`); built
    once per day and process."""
    chosen = select(Product, sellable(day), available_column(Product.id, Product.seller_id, day))
    if by_slug:
        return chosen.where(Product.slug == bindparam("slug"))
    return (chosen.where(Product.id.in_(bindparam("ids", expanding=True)))
            .options(joinedload(Product.seller), joinedload(Product.current_certificate)))


@lru_cache(maxsize=8)
def _cart_with_offers(day, of_user: bool):
    """SELECT the cart of :user_id if `of_user`, else the guest cart of :token, with each of its lines, the line's
    product (with its producer and current certificate), whether it is sellable(day) and its units left online (a
    cart without lines: one row, the rest NULL); built once per day and process."""
    owner = (Cart.user_id == bindparam("user_id") if of_user
             else and_(Cart.token == bindparam("token"), Cart.user_id.is_(None)))
    return (select(Cart, CartLine, Product, sellable(day), available_column(Product.id, Product.seller_id, day))
            .outerjoin(CartLine, CartLine.cart_id == Cart.id).outerjoin(Product, Product.id == CartLine.product_id)
            .where(owner).order_by(CartLine.id)
            .options(joinedload(Product.seller), joinedload(Product.current_certificate)))


def find_cart_grouped(user_id: int | None, token: str | None, today) -> tuple[Cart | None, list[SellerGroup]]:
    """The visitor's cart (as `find_cart`) and its lines by producer (as `grouped`), read in one query."""
    if user_id is None and not token:
        return None, []
    rows = db.session.execute(_cart_with_offers(today, user_id is not None),
                              {"user_id": user_id, "token": token}).all()
    if not rows:
        return None, []
    cart, lines = rows[0][0], [row[1:] for row in rows if row[1] is not None]
    set_committed_value(cart, "lines", [line for line, *_ in lines])
    return cart, _by_producer(lines)


def grouped(cart: Cart | None, today) -> list[SellerGroup]:
    """The cart by producer, each line marked with any reason it cannot be bought now (one query for the lines'
    products, whether each is sellable and its available units)."""
    if cart is None or not cart.lines:
        return []
    rows = db.session.execute(_on_sale_and_units(today), {"ids": [line.product_id for line in cart.lines]})
    found = {product.id: (product, on_sale, available) for product, on_sale, available in rows}
    return _by_producer([(line, *found[line.product_id]) for line in cart.lines])


def _by_producer(lines) -> list[SellerGroup]:
    """(line, its product, whether it is on sale, units available) by the product's producer, in the lines' order."""
    groups: dict[int, SellerGroup] = {}
    for line, product, on_sale, available in lines:
        set_committed_value(line, "product", product)  # the line holds it: the session only keeps a weak reference
        group = groups.setdefault(product.seller_id, SellerGroup(product.seller))
        group.lines.append(CartLineView(line, bool(on_sale), available))
    return list(groups.values())
