"""/seller/stock: a producer's stock — units in the warehouse, at outlets and in transit, receipts, counts, the ledger.

Every product is loaded through the current producer (`product_or_404`): another producer's stock answers 404.
A refused or invalid form shows the page again with its message on the product's row, answered 422.
"""
import secrets

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from shop.accounts.access import requires
from shop.catalog import editing
from shop.clock import today
from shop.extensions import db
from shop.inventory import services as inventory
from shop.orders.models import Order, SellerOrder
from shop.transfers.queries import in_transit
from shop.web import attempt, parse_page_number
from shop.workspace.forms import CountForm, ReceiveForm, WarningForm
from shop.workspace.products import product_or_404

bp = Blueprint("stock", __name__, url_prefix="/stock")


def _page(failed=None, status=200):
    """The stock page, with the form that failed (its errors, on its product's row) if any."""
    listing = editing.products_of(g.seller, parse_page_number(request.args))
    product_ids = [p.id for p in listing.items]
    return render_template("seller/stock.html", listing=listing, sheet=inventory.stock_sheet(g.seller.id, product_ids),
                           travelling=in_transit(g.seller.id, product_ids), failed=failed, today=today(),
                           receipt=secrets.token_urlsafe(12)), status


def _done(form, action, message):
    """Carry out a valid form's change to the product it names; back to its card, or the page with why not."""
    if form.validate_on_submit():
        product = product_or_404(form.product.data)
        done, _unused = attempt(lambda: action(product), form.product)
        if done:
            flash(message(product), "success")
            return redirect(url_for("seller.stock.stock", _anchor=product.slug), code=303)
    return _page(form, 422)


@bp.get("")
@requires("member")
def stock():
    return _page()


@bp.post("/receive")
@requires("member")
def receive():
    form = ReceiveForm()
    return _done(form, lambda product: inventory.receive_stock(
        inventory.fulfilment_location(product), product, form.quantity.data, reason="receipt",
        reference=f"NK-{form.receipt.data}" if form.receipt.data else None,
        user_id=current_user.id, note=form.note.data or None, batch=_batch(form, product)),
        lambda product: _("Đã nhập kho %(name)s.", name=product.name))


def _batch(form, product):
    """The batch the receipt names (made on first receipt), or None."""
    if not form.batch_code.data:
        return None
    return inventory.find_or_make_batch(product, form.batch_code.data, form.produced_on.data, form.best_before.data)


@bp.post("/count")
@requires("member")
def count():
    form = CountForm()
    return _done(form, lambda product: inventory.count_stock(
        inventory.fulfilment_location(product), product, form.counted.data, expected=form.expected.data,
        note=form.note.data or None, user_id=current_user.id, batch=_counted_batch(form, product)),
        lambda product: _("Đã ghi số kiểm kê của %(name)s: %(n)s.", name=product.name, n=form.counted.data))


def _counted_batch(form, product):
    """What the line counted: its batch, None for the units of no batch, or the product as a whole (ALL_BATCHES);
    an unknown code is refused."""
    if form.no_batch.data:
        return None
    if not form.batch.data:
        return inventory.ALL_BATCHES
    batch = inventory.find_batch(product, form.batch.data)
    if batch is None:
        raise inventory.BatchInvalid(_l("Không có lô %(code)s của sản phẩm này.", code=form.batch.data))
    return batch


@bp.post("/warning")
@requires("member")
def warning():
    form = WarningForm()
    return _done(form, lambda product: editing.set_low_stock_warning(product, form.low_stock_at.data),
                 lambda product: _("Đã đặt ngưỡng cảnh báo của %(name)s.", name=product.name))


@bp.get("/<slug:slug>")
@requires("member")
def history(slug):
    product = product_or_404(slug)
    listing = inventory.ledger_of(product, parse_page_number(request.args))
    return render_template("seller/stock_history.html", product=product, listing=listing,
                           parts=_own_parts(listing.items))


def _own_parts(movements) -> dict[str, int]:
    """{order number: this producer's part of it} for the orders the ledger rows refer to."""
    numbers = {m.reference for m in movements if m.reason in ("order", "return") and m.reference}
    rows = select(Order.number, SellerOrder.id).join(SellerOrder.order).where(
        Order.number.in_(numbers), SellerOrder.seller_id == g.seller.id)
    return dict(db.session.execute(rows).all()) if numbers else {}
