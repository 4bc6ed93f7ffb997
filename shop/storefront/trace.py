"""GS1 Digital Link pages: /01/<gtin>, what scanning a product's barcode or its Digital Link QR shows, and
/01/<gtin>/10/<batch>, one batch of it with its trail through the ledger.

The canonical address writes AI 01 as 14 digits (a GTIN-13 with a leading 0) and AI 10 as the batch code the
shop stores (upper case), percent-encoded where GS1's syntax asks; other spellings are redirected there (301).
"""
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _

from shop.catalog.gtin import GtinInvalid
from shop.clock import now, today
from shop.trace.services import (
    batch_path,
    batch_value,
    canonical,
    find_traced_batch,
    gtin_of,
    trace,
    traced_batches,
)
from shop.trace.trail import PRODUCT_TRAIL_DAYS, batch_trail, product_trail

bp = Blueprint("trace", __name__)


@bp.app_template_global()
def digital_link(gtin: str, batch: str | None = None) -> str:
    """The canonical GS1 Digital Link path of a product's GTIN-13, or of one of its batches (by code)."""
    path = url_for("trace.product", gtin=canonical(gtin))
    return path + batch_path(batch) if batch else path


@bp.get("/01/<gtin>")
def product(gtin):
    """The product whose GTIN this is (AI 01's value: 14 digits, or a GTIN-13's own 13 redirected), its batches
    and its units' moves of the last PRODUCT_TRAIL_DAYS."""
    typed = gtin
    try:
        gtin = gtin_of(typed)
    except GtinInvalid as refused:
        return _unknown(typed, str(refused))
    if typed != canonical(gtin):
        return redirect(digital_link(gtin), 301)
    found = trace(gtin, today())
    if found is None:
        return _unknown(typed, _("Không có sản phẩm OCOP nào mang mã GTIN %(gtin)s.", gtin=gtin))
    return render_template("trace/product.html", trace=found, gtin=gtin, batches=traced_batches(found.product),
                           trail=product_trail(found.product, now()), trail_days=PRODUCT_TRAIL_DAYS)


@bp.get("/01/<gtin>/10/<path:batch>")
def batch(gtin, batch):
    """One batch of the product (AI 10's value, percent-decoded): its dates and its trail from the ledger."""
    typed = gtin
    try:
        gtin, value = gtin_of(typed), batch_value(batch)
    except GtinInvalid as refused:  # a batch value outside GS1's syntax too
        return _unknown(typed, str(refused))
    found = trace(gtin, today())
    if found is None:
        return _unknown(typed, _("Không có sản phẩm OCOP nào mang mã GTIN %(gtin)s.", gtin=gtin))
    lot = find_traced_batch(found.product, value)
    if lot is None:
        return _unknown(typed, _("%(name)s không có lô %(code)s.", name=found.product.name, code=value))
    if (typed, value) != (canonical(gtin), lot.code):
        return redirect(digital_link(gtin, lot.code), 301)
    return render_template("trace/batch.html", trace=found, gtin=gtin, batch=lot, trail=batch_trail(lot),
                           past_best_before=lot.best_before < today())


def _unknown(typed: str, reason: str):
    """The 404 page of a Digital Link that names nothing the shop knows, with the reason."""
    return render_template("trace/unknown.html", typed=typed, reason=reason), 404
