"""The visitor's cart (a guest's by the session's token, else the signed-in buyer's) and the header's count of it.

Catalog pages are cached whole for everyone, so the header cannot print the count. The server keeps it in a
small cookie, `cart_count` (readable by script, not a secret: a number), renewed at the end of each request
that changed the cart or who is signed in; static/js/cart.js shows it in the header's badge.
"""
from flask import current_app, g, session
from flask_login import current_user

from shop.extensions import db
from shop.orders import cart as carts

SESSION_CART = "cart"
COUNT_COOKIE = "cart_count"


def user_id() -> int | None:
    """The signed-in buyer's id, or None for a guest."""
    return current_user.id if current_user.is_authenticated else None


def visitor_cart(create: bool):
    """The visitor's cart; with `create`, a guest gets a token in the session and a cart on first use."""
    if not create:
        return carts.find_cart(user_id(), session.get(SESSION_CART))
    if user_id() is None and SESSION_CART not in session:  # a new guest: no cart to look for
        session[SESSION_CART] = carts.new_cart_token()
        return carts.new_cart(None, session[SESSION_CART])
    return carts.open_cart(user_id(), session.setdefault(SESSION_CART, carts.new_cart_token()))


def visitor_cart_grouped(today) -> tuple:
    """The visitor's cart, or None, and its lines by producer (`carts.grouped`), read in one query."""
    return carts.find_cart_grouped(user_id(), session.get(SESSION_CART), today)


def merge_guest_cart(_app, user, **_extra):
    """Keep what a guest put in the cart when they log in."""
    guest = carts.find_cart(None, session.pop(SESSION_CART, None))
    if guest is not None:
        carts.merge_carts(guest, carts.open_cart(user.id, carts.new_cart_token()))
        db.session.commit()
    count_changed()


def count_changed(*_args, **_extra) -> None:
    """Renew the count cookie at the end of this request (the cart or the signed-in person changed)."""
    g.cart_count_changed = True


def count_is(units: int) -> None:
    """Renew the count cookie with `units`, the committed cart's count this request already knows (no query)."""
    g.cart_count_changed, g.cart_units = True, units


def renew_count_cookie(response):
    """Set `cart_count` to the units in the visitor's cart, or drop it when the cart is empty."""
    if not g.get("cart_count_changed") or response.status_code >= 500:
        return response
    count = g.cart_units if "cart_units" in g else carts.units(visitor_cart(create=False))
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if count:
        response.set_cookie(COUNT_COOKIE, str(count), samesite="Lax", secure=secure, httponly=False)
    else:
        response.delete_cookie(COUNT_COOKIE, samesite="Lax", secure=secure, httponly=False)
    return response
