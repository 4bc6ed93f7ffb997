"""/s/<serial>: what scanning a serial stamp (tem điện tử) shows — the product, its producer, the certificate's live
status (a lapsed one in red), the batch, how often this stamp was checked and whether that looks like copying.

Each visit records a check; one visitor's visits to one stamp within CHECK_WINDOW count once (see
shop/stamps/services.py). The visitor may say which province they are in; the rough region of their address comes
from the header STAMP_REGION_HEADER names (a CDN's), when set.
"""
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from shop.certification.services import public_status
from shop.clock import now, today
from shop.extensions import db
from shop.stamps.copies import RULES, copy_signs
from shop.stamps.forms import ProvinceForm
from shop.stamps.services import checks_of, find_stamp, grouped, record_check, sold_out_at, visitor_key
from shop.trace.trail import batch_trail

bp = Blueprint("stamps", __name__)


def _checked(serial: str, province: str | None = None):
    """The stamp with this serial, its check by this visitor recorded and committed (not for a HEAD request: no
    one saw the page); 404 if there is none."""
    stamp = find_stamp(serial)
    if stamp is None:
        abort(404)
    if request.method == "HEAD":
        return stamp
    header = current_app.config.get("STAMP_REGION_HEADER")
    region = ((request.headers.get(header) or "").strip()[:60] or None) if header else None
    visitor = visitor_key(current_app.config["SECRET_KEY"], request.remote_addr, request.user_agent.string)
    record_check(stamp, visitor, at=now(), province=province, ip_region=region)
    db.session.commit()
    return stamp


@bp.get("/s/<serial>")
def stamp(serial):
    found = _checked(serial)
    return _page(found, ProvinceForm())


@bp.post("/s/<serial>")
def province(serial):
    """The visitor says which province they are in: their check of this stamp notes it."""
    form = ProvinceForm()
    if not form.validate_on_submit():
        return _page(_checked(serial), form, 422)
    found = _checked(serial, form.province.data)
    return redirect(url_for("stamps.stamp", serial=found.serial), 303)


def _page(stamp, form, status=200):
    """The stamp's page, with the batch's trail and the visitor's province form."""
    product = stamp.batch.product
    certificate = product.current_certificate
    checks = checks_of(stamp)
    signs = copy_signs(checks, sold_out_at(stamp.batch)) if stamp.voided_at is None else []
    return render_template("stamps/stamp.html", stamp=stamp, serial=grouped(stamp.serial), product=product,
                           certificate=certificate, status=public_status(certificate, today()), checks=checks,
                           signs=[RULES[sign] for sign in signs], trail=batch_trail(stamp.batch), form=form), status
