"""/seller/stamps: a producer's serial stamps (tem điện tử) for its batches — order N for a batch, see each
order's stamps and how often they were checked, print the A4 sheets, void a lost sheet or some of its stamps.

A batch or order is loaded through the current producer: another producer's answers 404.
"""
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from shop.accounts.access import requires
from shop.catalog.models import Product
from shop.clock import now
from shop.extensions import db
from shop.inventory.models import Batch
from shop.stamps import services
from shop.stamps.forms import StampOrderForm, VoidForm
from shop.stamps.models import StampOrder
from shop.stamps.sheet import CELL_MM, QR_MM, cells, pages_of
from shop.web import attempt, found_or_404

bp = Blueprint("stamps", __name__, url_prefix="/stamps")


def _batch_or_404(batch_id: int) -> Batch:
    """The current producer's batch, else 404."""
    return found_or_404(db.session.scalar(select(Batch).join(Product, Product.id == Batch.product_id)
                                          .where(Batch.id == batch_id, Product.seller_id == g.seller.id)))


def _order_or_404(order_id: int) -> StampOrder:
    """The current producer's stamp order, else 404."""
    return found_or_404(db.session.scalar(select(StampOrder).join(StampOrder.batch)
                                          .join(Product, Product.id == Batch.product_id)
                                          .where(StampOrder.id == order_id, Product.seller_id == g.seller.id)))


def _page(batch, order_form=None, void_form=None, failed_order=None, status=200):
    """The batch's stamps page, with the form that failed (and, for voiding, the order it named) if any."""
    orders = services.orders_of(batch)
    return render_template("seller/stamps.html", batch=batch, orders=orders,
                           order_form=order_form or StampOrderForm(), void_form=void_form,
                           failed_order=failed_order, grouped=services.grouped,
                           checked=services.checks_per_stamp(batch)), status


@bp.get("/batch/<int:batch_id>")
@requires("member")
def batch(batch_id):
    return _page(_batch_or_404(batch_id))


@bp.post("/batch/<int:batch_id>/order")
@requires("member")
def order(batch_id):
    found = _batch_or_404(batch_id)
    form = StampOrderForm()
    if form.validate_on_submit():
        done, made = attempt(lambda: services.order_stamps(g.seller.id, found, form.quantity.data,
                                                           user_id=current_user.id, at=now()), form.quantity)
        if done:
            flash(_("Đã tạo %(n)s tem cho lô %(code)s: tải tờ tem về để in.", n=made.quantity, code=found.code),
                  "success")
            return redirect(url_for("seller.stamps.batch", batch_id=found.id, _anchor=f"order-{made.id}"), 303)
    return _page(found, order_form=form, status=422)


@bp.post("/order/<int:order_id>/void")
@requires("member")
def void(order_id):
    found = _order_or_404(order_id)
    form = VoidForm()
    if form.validate_on_submit():
        done, voided = attempt(lambda: services.void_stamps(g.seller.id, found, form.reason.data, form.listed(),
                                                            at=now()), form.serials)
        if done:
            flash(_("Đã hủy %(n)s tem.", n=voided), "success")
            return redirect(url_for("seller.stamps.batch", batch_id=found.batch_id, _anchor=f"order-{found.id}"),
                            303)
    return _page(found.batch, void_form=form, failed_order=found.id, status=422)


@bp.get("/order/<int:order_id>/print")
@requires("member")
def print_sheets(order_id):
    """The order's sheets to print from the browser, one A4 page each."""
    found = _order_or_404(order_id)
    return render_template("stamps/print.html", order=found, pages=len(pages_of(found.stamps)))


@bp.get("/order/<int:order_id>/sheet-<int:page>.svg")
@requires("member")
def sheet(order_id, page):
    """Page `page` (from 1) of the order's stamps as an A4 SVG."""
    found = _order_or_404(order_id)
    pages = pages_of(found.stamps)
    if not 1 <= page <= len(pages):
        abort(404)
    product = found.batch.product
    certificate = product.current_certificate
    title = _("Tem điện tử %(product)s, lô %(batch)s, trang %(page)s/%(pages)s", product=product.name,
              batch=found.batch.code, page=page, pages=len(pages))
    svg = render_template("stamps/sheet.svg", title=title, cells=cells(pages[page - 1], services.stamp_url),
                          product=product, batch=found.batch, stars=certificate.stars if certificate else None,
                          cell_mm=CELL_MM, qr_mm=QR_MM, grouped=services.grouped)
    return Response(svg, mimetype="image/svg+xml", headers={
        "Content-Disposition": f'inline; filename="tem-{found.id}-{page}.svg"'})
