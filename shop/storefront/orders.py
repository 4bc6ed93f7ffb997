"""/cart, /checkout and /orders: buying as a guest or signed in.

These pages read the session (the cart), so they are never cached.
"""
import stripe
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shop.accounts.access import requires
from shop.catalog.cache import rendered_part
from shop.clock import today
from shop.connections import commit_without_waiting_for_the_disk
from shop.extensions import db, limiter
from shop.orders import cart as carts
from shop.orders.checkout import CheckoutRefused, Contact, checked_amounts, find_order, new_order_number, place_order
from shop.orders.confirmation import send_confirmation
from shop.orders.models import Order, SellerOrder
from shop.orders.payments import (
    card_client_secret,
    card_payments_enabled,
    open_card_payment,
    record_card_payment,
    release_if_ran_out,
)
from shop.places import communes_of, province_named
from shop.security_headers import allow
from shop.storefront.forms import CartLineForm, CheckoutForm, LookupForm
from shop.storefront.visitor_cart import count_changed, count_is, user_id, visitor_cart, visitor_cart_grouped
from shop.web import attempt, carry_out, found_or_404, parse_page_number

bp = Blueprint("orders", __name__)
SESSION_ORDERS = "orders"  # numbers of orders placed in this browser: a guest may see them
PERSONAL_FIELDS = ("name", "phone", "email", "commune", "commune_other", "address")  # a signed-in buyer's saved ones


def _offered_methods() -> list[str]:
    return ["cod", "card"] if card_payments_enabled() else ["cod"]


def _place(buyers_cart, groups, contact: Contact, method: str) -> tuple[Order, str]:
    """Place the order; a card order gets its PaymentIntent first, before anything is written, so that no lock is
    held while Stripe answers (a Stripe failure refuses the checkout). Returns the order and its number (read
    before the commit expires the order)."""
    number, intent = new_order_number(today()), None
    if method == "card":
        items, shipping = checked_amounts(groups)
        try:
            intent = open_card_payment(items + shipping, number)
        except stripe.StripeError as failure:
            raise CheckoutRefused(_("Không kết nối được cổng thanh toán thẻ (%(reason)s). Hãy thử lại hoặc chọn "
                                    "thanh toán khi nhận hàng.", reason=failure.user_message or "Stripe")) from None
    order = place_order(buyers_cart, contact, method, today(), user_id=user_id(), groups=groups, number=number)
    if intent is not None:
        record_card_payment(order, intent)
    return order, number


@bp.get("/cart")
def cart():
    buyers_cart, groups = visitor_cart_grouped(today())
    count_is(carts.units(buyers_cart))  # the header's count follows this page, even if changed on another device
    return render_template("orders/cart.html", groups=groups, total=carts.total_vnd(groups))


def _change_cart(add: bool):
    form = CartLineForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(map(str, errors)), "error")
        return redirect(url_for("orders.cart"))
    offer = found_or_404(carts.find_offer(form.product.data, today()))
    if add and form.quantity.data < 1:
        flash(_("Hãy chọn số lượng từ 1."), "error")
        return redirect(url_for("orders.cart"))
    done, units = carry_out(lambda: _set_quantity(offer, form.quantity.data, add),
                            _("Đã thêm %(name)s vào giỏ hàng.", name=offer.product.name) if add
                            else _("Đã cập nhật giỏ hàng."))
    if done:
        count_is(units)
    else:
        count_changed()
    return redirect(url_for("orders.cart"))


def _set_quantity(offer: carts.Offer, quantity: int, add: bool) -> int:
    """Change the visitor's cart; returns the units it then holds (for the header's count)."""
    commit_without_waiting_for_the_disk()  # a cart lost in a power cut is filled again; an order waits for the disk
    buyers_cart = visitor_cart(create=True)
    carts.set_quantity(buyers_cart, offer.product, quantity, today(), add=add, offer=offer)
    return carts.units(buyers_cart)


@bp.post("/cart/add")
def cart_add():
    return _change_cart(add=True)


@bp.post("/cart/update")
def cart_update():
    return _change_cart(add=False)


@bp.route("/checkout", methods=["GET", "POST"])
def checkout():
    buyers_cart, groups = visitor_cart_grouped(today())
    if not groups:
        flash(_("Giỏ hàng đang trống."), "error")
        return redirect(url_for("orders.cart"))
    form = CheckoutForm(data=None if request.method == "POST" else _saved_contact() | _province_asked())
    form.offer(_offered_methods())
    if "choose" in request.form:  # without script: the province was chosen, show its communes
        return _checkout_page(form, groups)
    if form.validate_on_submit():
        contact = Contact(name=form.name.data, phone=form.phone.data, email=form.email.data or None,
                          province=form.province.data, commune=form.chosen_commune, address=form.address.data)
        method = form.payment_method.data
        done, placed = attempt(lambda: _place(buyers_cart, groups, contact, method), form.payment_method)
        if done:
            order, number = placed
            count_is(0)  # the order emptied the cart
            session[SESSION_ORDERS] = (session.get(SESSION_ORDERS, []) + [number])[-20:]
            if method == "card":
                return redirect(url_for("orders.pay", number=number))
            send_confirmation(order, contact.email or (current_user.email if current_user.is_authenticated else None))
            return redirect(url_for("orders.order", number=number))
        return _checkout_page(form, carts.grouped(buyers_cart, today()), refused=form.payment_method.errors[-1]), 409
    return _checkout_page(form, groups)


def _checkout_page(form, groups, refused=None):
    """The checkout form, its order summary and total last, just above the button."""
    return render_template("orders/checkout.html", form=form, fields=_kept_fields(form), groups=groups,
                           total=carts.total_vnd(groups), refused=refused)


def _kept_fields(form) -> Markup | None:
    """The fields of a form not yet sent that holds nobody's details (a guest's): rendered once per language,
    province and payment methods, with this buyer's CSRF token; None (rendered with the page) for any other."""
    if request.method != "GET" or any(form[name].data for name in PERSONAL_FIELDS):
        return None
    key = (form.province.data, *_offered_methods())
    return Markup(rendered_part("orders/_checkout_fields.html", key=key, form=form))


def _province_asked() -> dict:
    """`?province=` names the province whose communes the form offers (a link, or a form sent without script)."""
    province = province_named(request.args.get("province", ""))
    return {"province": province} if province else {}


def _may_see(order: Order) -> bool:
    if current_user.is_authenticated and order.user_id == current_user.id:
        return True
    return order.number in session.get(SESSION_ORDERS, [])


def _saved_contact() -> dict:
    """A signed-in buyer's name, phone and address as on their last order (their saved address): a commune
    that is not in its province's list (typed, or from before the list) comes back as typed."""
    if not current_user.is_authenticated:
        return {}
    last = db.session.scalar(select(Order).where(Order.user_id == current_user.id)
                             .order_by(Order.id.desc()).limit(1))
    if last is None:
        return {"name": current_user.name, "phone": current_user.phone or "", "email": current_user.email}
    saved = {field: getattr(last, field) or "" for field in ("name", "phone", "email", "province", "address")}
    listed = last.commune in communes_of(last.province)
    return saved | {"commune" if listed else "commune_other": last.commune}


def _visible_order(number: str) -> Order:
    found = find_order(number)
    if found is None or not _may_see(found):
        abort(404)
    if release_if_ran_out(found):  # its reservation ran out while nobody ran the release command
        db.session.commit()
    return found


@bp.get("/orders/<order_number:number>")
def order(number):
    return render_template("orders/order.html", order=_visible_order(number))


@bp.get("/orders/<order_number:number>/pay")
def pay(number):
    """The card form (Stripe.js) for an order awaiting payment."""
    found = _visible_order(number)
    if found.status != "awaiting_payment":
        return redirect(url_for("orders.order", number=found.number))
    try:
        client_secret = card_client_secret(found)
    except stripe.StripeError:
        flash(_("Cổng thanh toán thẻ đang không trả lời; hãy thử lại sau ít phút."), "error")
        return render_template("orders/pay.html", order=found, client_secret=None), 503
    allow("stripe")  # Stripe.js, its frames and its API: on this page only
    return render_template("orders/pay.html", order=found, client_secret=client_secret,
                           publishable_key=current_app.config["STRIPE_PUBLISHABLE_KEY"])


@bp.route("/orders/lookup", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])  # order numbers must not be guessable by brute force
def lookup():
    """A guest finds an order again by its number and the phone number it was placed with."""
    form = LookupForm()
    if form.validate_on_submit():
        found = find_order(form.number.data)
        if found is not None and found.phone == form.phone.data:
            session[SESSION_ORDERS] = (session.get(SESSION_ORDERS, []) + [found.number])[-20:]
            return redirect(url_for("orders.order", number=found.number))
        form.number.errors.append(_("Không tìm thấy đơn hàng với số đơn và số điện thoại này."))
    return render_template("orders/lookup.html", form=form)


@bp.get("/account/orders")
@requires("signed_in")
def history():
    listing = db.paginate(select(Order).where(Order.user_id == current_user.id)
                          .options(selectinload(Order.parts).joinedload(SellerOrder.seller))
                          .order_by(Order.created_at.desc(), Order.id.desc()),
                          page=parse_page_number(request.args), per_page=20, error_out=False)
    return render_template("orders/history.html", listing=listing)
