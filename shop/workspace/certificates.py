"""/seller/certificates: a producer sends its certification decisions for the office to verify,
and opens its own papers (registration document, certificate scans)."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from shop.accounts.access import requires
from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.certification.services import submit_certificate
from shop.clock import today
from shop.extensions import db
from shop.forms import choices
from shop.uploads import UploadRejected, save_document, send_document
from shop.web import attempt, parse_page_number
from shop.workspace.forms import CertificateForm
from shop.workspace.products import product_or_404

bp = Blueprint("certificates", __name__)


def _submit(form: CertificateForm, product: Product):
    upload = form.document.data
    if not upload or not upload.filename:
        raise UploadRejected(_("Hãy gửi kèm bản scan quyết định công nhận."))
    return submit_certificate(product, submitted_by=current_user, document=save_document(upload, "certificates"),
                              stars=int(form.stars.data), decision_number=form.decision_number.data,
                              decision_date=form.decision_date.data, authority=form.authority.data,
                              score=form.score.data, today=today())


@bp.route("/certificates", methods=["GET", "POST"])
@requires("member")
def certificates():
    form = CertificateForm()
    own = db.session.scalars(select(Product).where(Product.seller_id == g.seller.id).order_by(Product.name)).all()
    form.product.choices = choices([("", "—")] + [(p.slug, p.name) for p in own])
    if form.validate_on_submit():
        product = product_or_404(form.product.data)
        done, _unused = attempt(lambda: _submit(form, product), form.decision_number,
                                {UploadRejected: form.document})
        if done:
            flash(_("Đã gửi giấy chứng nhận; Văn phòng OCOP sẽ xác minh."), "success")
            return redirect(url_for("seller.certificates.certificates"))
    submitted = db.paginate(select(Certificate).join(Certificate.product).where(Product.seller_id == g.seller.id)
                            .order_by(Certificate.created_at.desc(), Certificate.id.desc()),
                            page=parse_page_number(request.args), per_page=30, error_out=False)
    return render_template("seller/certificates.html", form=form, listing=submitted, today=today())


@bp.get("/documents/<path:name>")
@requires("member")
def document(name):
    """A registration paper or certificate scan of this producer (members only)."""
    owned = (g.seller.registration_document == name or db.session.scalar(
        select(Certificate.id).join(Certificate.product).where(Certificate.document == name,
                                                               Product.seller_id == g.seller.id)))
    if not owned:
        abort(404)
    return send_document(name)
