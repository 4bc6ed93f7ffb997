"""/seller/products and /seller/certificates: a producer's own products and certification decisions.

Every object is loaded through the current producer (`own_product`), so another
producer's product answers 404, never 403: its existence is not revealed.
"""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from shop.accounts.access import requires
from shop.catalog import editing
from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import sellable
from shop.catalog.services import ensure_groups
from shop.certification.models import Certificate
from shop.certification.services import submit_certificate
from shop.clock import today
from shop.extensions import db
from shop.forms import choices
from shop.sellers.forms import CertificateForm, ProductForm
from shop.sellers.workspace import bp
from shop.uploads import UploadRejected, save_document, save_product_image, send_document
from shop.web import attempt, carry_out, parse_page_number


def _product_or_404(slug: str) -> Product:
    product = editing.own_product(g.seller, slug)
    if product is None:
        abort(404)
    return product


def _group_choices(form: ProductForm) -> None:
    ensure_groups()  # the Decision 148 groups, on a shop whose first producer comes before any import
    db.session.commit()
    groups = db.session.scalars(select(ProductGroup).order_by(ProductGroup.code)).all()
    form.group.choices = choices([("", "—")] + [(x.id, x.name) for x in groups if x.parent_id is None])
    form.subgroup.choices = choices([("", "—")] + [(x.id, f"{x.parent.name} › {x.name}") for x in groups if x.parent_id])


def _product_fields(form: ProductForm) -> dict:
    return {"name": form.name.data, "group_id": int(form.group.data),
            "subgroup_id": int(form.subgroup.data) if form.subgroup.data else None,
            "price_vnd": form.price_vnd.data, "unit": form.unit.data, "description": form.description.data or ""}


def _image(form: ProductForm, replacing: str | None = None):
    """The uploaded photo's stored path (it replaces the photo `replacing`), or None if none was sent."""
    upload = form.image.data  # the stored photo's path when editing and no new file was sent
    return save_product_image(upload, replacing) if isinstance(upload, FileStorage) and upload.filename else None


@bp.get("/products")
@requires("member")
def products():
    listing = editing.products_of(g.seller, parse_page_number(request.args))
    blockers = {p.id: editing.publish_blockers(p, today()) for p in listing.items}
    on_sale = set(db.session.scalars(select(Product.id).where(Product.id.in_([p.id for p in listing.items]),
                                                              sellable(today()))))
    return render_template("sellers/workspace/products.html", listing=listing, blockers=blockers,
                           on_sale=on_sale, seller=g.seller)


@bp.route("/products/new", methods=["GET", "POST"])
@requires("member")
def new_product():
    form = ProductForm()
    _group_choices(form)
    if form.validate_on_submit():
        done, product = attempt(lambda: editing.create_product(g.seller, _image(form), **_product_fields(form)),
                                form.name, {UploadRejected: form.image})
        if done:
            flash(_("Đã tạo sản phẩm %(name)s.", name=product.name), "success")
            return redirect(url_for("seller.edit_product", slug=product.slug))
    return render_template("sellers/workspace/product_form.html", form=form, product=None)


@bp.route("/products/<slug:slug>", methods=["GET", "POST"])
@requires("member")
def edit_product(slug):
    product = _product_or_404(slug)
    form = ProductForm(obj=product, group=str(product.group_id), subgroup=str(product.subgroup_id or ""))
    _group_choices(form)
    if form.validate_on_submit():
        done, _unused = attempt(lambda: editing.update_product(product, _image(form, product.image),
                                                                **_product_fields(form)),
                                form.name, {UploadRejected: form.image})
        if done:
            flash(_("Đã lưu sản phẩm."), "success")
            return redirect(url_for("seller.edit_product", slug=product.slug))
    return render_template("sellers/workspace/product_form.html", form=form, product=product,
                           blockers=editing.publish_blockers(product, today()))


@bp.post("/products/<slug:slug>/publish")
@requires("member")
def publish(slug):
    product = _product_or_404(slug)
    wanted = request.form.get("published") == "1"
    carry_out(lambda: editing.set_published(product, wanted, today()),
              _("Sản phẩm đã được đăng bán.") if wanted else _("Sản phẩm đã ngừng bán."))
    return redirect(request.form.get("back") == "list" and url_for("seller.products")
                    or url_for("seller.edit_product", slug=product.slug))


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
        product = _product_or_404(form.product.data)
        done, _unused = attempt(lambda: _submit(form, product), form.decision_number,
                                {UploadRejected: form.document})
        if done:
            flash(_("Đã gửi giấy chứng nhận; Văn phòng OCOP sẽ xác minh."), "success")
            return redirect(url_for("seller.certificates"))
    submitted = db.paginate(select(Certificate).join(Certificate.product).where(Product.seller_id == g.seller.id)
                            .order_by(Certificate.created_at.desc(), Certificate.id.desc()),
                            page=parse_page_number(request.args), per_page=30, error_out=False)
    return render_template("sellers/workspace/certificates.html", form=form, listing=submitted, today=today())


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
