"""Public certificate check: /verify/<code> (the QR code's target), its QR code and a printable label."""
import io

import segno
from flask import Blueprint, Response, abort, render_template

from shop.catalog.queries import sellable_product
from shop.certification.services import find_certificate, public_status
from shop.clock import today
from shop.links import external_url

bp = Blueprint("certification", __name__)


def verify_url(code: str) -> str:
    """The absolute address a certificate's QR code points to."""
    return external_url("certification.verify", code=code)


def _known_certificate(code: str, *statuses: str):
    """The certificate with `code` if its public status is one of `statuses`, else a 404."""
    certificate = find_certificate(code)
    if public_status(certificate, today()) not in statuses:
        abort(404)
    return certificate


@bp.get("/verify/<code:code>")
def verify(code):
    certificate = find_certificate(code)
    status = public_status(certificate, today())
    on_sale = status == "valid" and sellable_product(today(), certificate.product.slug) is not None
    return render_template("certification/verify.html", code=code, certificate=certificate,
                           status=status, on_sale=on_sale), 404 if status == "unknown" else 200


@bp.get("/verify/<code:code>/qr.svg")
def qr_code(code):
    certificate = _known_certificate(code, "valid", "expired", "superseded", "revoked", "pending")
    svg = io.BytesIO()
    segno.make(verify_url(certificate.code), error="m").save(svg, kind="svg", scale=4, border=2,
                                                             title=f"OCOP {certificate.code}")
    return Response(svg.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@bp.get("/verify/<code:code>/label")
def label(code):
    """A label to print and stick on products — only for a certificate in force."""
    certificate = _known_certificate(code, "valid")
    return render_template("certification/label.html", certificate=certificate,
                           url=verify_url(certificate.code))
