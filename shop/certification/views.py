"""Public certificate check: /verify/<code> (the QR code's target), its QR code and a printable label."""
import io

import segno
from flask import Blueprint, Response, abort, render_template, url_for

from shop.catalog.queries import sellable_product
from shop.certification.services import find_certificate, public_status
from shop.clock import today

bp = Blueprint("certification", __name__)


def verify_url(code: str) -> str:
    """The absolute address a certificate's QR code points to."""
    return url_for("certification.verify", code=code, _external=True)


@bp.get("/verify/<code>")
def verify(code):
    certificate = find_certificate(code)
    status = public_status(certificate, today())
    on_sale = certificate is not None and sellable_product(today(), certificate.product.slug) is not None
    return render_template("certification/verify.html", code=code, certificate=certificate,
                           status=status, on_sale=on_sale), 404 if certificate is None else 200


@bp.get("/verify/<code>/qr.svg")
def qr_code(code):
    certificate = find_certificate(code) or abort(404)
    svg = io.BytesIO()
    segno.make(verify_url(certificate.code), error="m").save(svg, kind="svg", scale=4, border=2,
                                                             title=f"OCOP {certificate.code}")
    return Response(svg.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@bp.get("/verify/<code>/label")
def label(code):
    certificate = find_certificate(code) or abort(404)
    return render_template("certification/label.html", certificate=certificate,
                           url=verify_url(certificate.code))
