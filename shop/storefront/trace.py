"""GS1 Digital Link pages: /01/<gtin>, what scanning a product's barcode or its Digital Link QR shows.

The canonical address writes AI 01 as 14 digits (a GTIN-13 with a leading 0); the 13 digits alone are
redirected there (301). Batches will add /01/<gtin>/10/<batch> under the same route.
"""
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _

from shop.catalog.gtin import GtinInvalid
from shop.clock import today
from shop.trace.services import canonical, gtin_of, trace

bp = Blueprint("trace", __name__)


@bp.app_template_global()
def digital_link(gtin: str) -> str:
    """The canonical GS1 Digital Link path of a product's GTIN-13."""
    return url_for("trace.product", gtin=canonical(gtin))


@bp.get("/01/<gtin>")
def product(gtin):
    """The product whose GTIN this is (AI 01's value: 14 digits, or a GTIN-13's own 13 redirected)."""
    typed = gtin
    try:
        gtin = gtin_of(typed)
    except GtinInvalid as refused:
        return render_template("trace/unknown.html", typed=typed, reason=str(refused)), 404
    if typed != canonical(gtin):
        return redirect(digital_link(gtin), 301)
    found = trace(gtin, today())
    if found is None:
        reason = _("Không có sản phẩm OCOP nào mang mã GTIN %(gtin)s.", gtin=gtin)
        return render_template("trace/unknown.html", typed=typed, reason=reason), 404
    return render_template("trace/product.html", trace=found, gtin=gtin)
