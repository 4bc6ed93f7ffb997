"""/seller/products: a producer's own products — create, edit, put on sale or take off sale.

Every object is loaded through the current producer (`own_product`), so another
producer's product answers 404, never 403: its existence is not revealed.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from wtforms import SelectChoice

from shop.accounts.access import requires
from shop.catalog import editing
from shop.catalog.gtin import GtinInvalid
from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import sellable
from shop.catalog.services import ensure_groups
from shop.clock import today
from shop.extensions import db
from shop.forms import choices
from shop.inventory.services import available_by_product, fulfilment_location, receive_stock
from shop.uploads import UploadRejected, save_product_image
from shop.web import attempt, carry_out, found_or_404, parse_page_number
from shop.workspace.forms import ProductForm

bp = Blueprint("products", __name__)
OPENING_NOTE = "Tồn đầu kỳ"  # the ledger's note on a new product's opening quantity


def product_or_404(slug: str) -> Product:
    """The current producer's product `slug`, else 404 (another producer's is not revealed)."""
    return found_or_404(editing.own_product(g.seller, slug))


def _group_choices(form: ProductForm) -> None:
    """The ngành to choose from, and below them their nhóm and phân nhóm, one optgroup per ngành.

    Each subgroup names its ngành (`data-group`), so actions.js can offer only the chosen ngành's;
    without script every subgroup is offered, and editing.py refuses a pair that does not belong together.
    """
    ensure_groups()  # the Decision 148 groups, on a shop whose first producer comes before any import
    db.session.commit()
    groups = db.session.scalars(select(ProductGroup).order_by(ProductGroup.code)).all()
    form.group.choices = choices([("", "—")] + [(x.id, x.name) for x in groups if x.parent_id is None])
    form.subgroup.choices = choices([("", "—")]) + [
        SelectChoice(str(x.id), ("– " if x.parent.parent_id else "") + x.name, optgroup=x.lineage[-1].name,
                     render_kw={"data-group": str(x.lineage[-1].id)})
        for x in groups if x.parent_id]


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
    return render_template("seller/products.html", listing=listing, blockers=blockers, on_sale=on_sale,
                           seller=g.seller, available=available_by_product(g.seller.id, [p.id for p in listing.items]))


@bp.route("/products/new", methods=["GET", "POST"])
@requires("member")
def new_product():
    form = ProductForm()
    _group_choices(form)
    if form.validate_on_submit():
        done, made = attempt(lambda: _create_product(form), form.name,
                             {UploadRejected: form.image, GtinInvalid: form.gtin})
        if done:
            product, warning = made
            flash(_("Đã tạo sản phẩm %(name)s.", name=product.name), "success")
            _warn(warning)
            return redirect(url_for("seller.products.edit_product", slug=product.slug))
    return render_template("seller/product_form.html", form=form, product=None)


def _create_product(form: ProductForm):
    """(The new product, its GTIN's warning or None), with its opening quantity received into the producer's
    warehouse (same commit)."""
    product = editing.create_product(g.seller, _image(form), **_product_fields(form))
    warning = editing.set_gtin(product, form.gtin.data)
    if form.opening_stock.data:
        receive_stock(fulfilment_location(product), product, form.opening_stock.data, reason="receipt",
                      user_id=current_user.id, note=OPENING_NOTE)
    return product, warning


def _update_product(form: ProductForm, product: Product):
    """Save the edited product; its GTIN's warning or None."""
    editing.update_product(product, _image(form, product.image), **_product_fields(form))
    return editing.set_gtin(product, form.gtin.data)


def _warn(warning) -> None:
    """Show a GTIN's warning (not a refusal) after the product is saved."""
    if warning:
        flash(str(warning), "warning")


@bp.route("/products/<slug:slug>", methods=["GET", "POST"])
@requires("member")
def edit_product(slug):
    product = product_or_404(slug)
    form = ProductForm(obj=product)  # its group and subgroup selected, so a price change keeps them
    _group_choices(form)
    if form.validate_on_submit():
        done, warning = attempt(lambda: _update_product(form, product), form.name,
                                {UploadRejected: form.image, GtinInvalid: form.gtin})
        if done:
            flash(_("Đã lưu sản phẩm."), "success")
            _warn(warning)
            return redirect(url_for("seller.products.edit_product", slug=product.slug))
    return render_template("seller/product_form.html", form=form, product=product,
                           blockers=editing.publish_blockers(product, today()))


@bp.post("/products/<slug:slug>/publish")
@requires("member")
def publish(slug):
    product = product_or_404(slug)
    wanted = request.form.get("published") == "1"
    carry_out(lambda: editing.set_published(product, wanted, today()),
              _("Sản phẩm đã được đăng bán.") if wanted else _("Sản phẩm đã ngừng bán."))
    return redirect(request.form.get("back") == "list" and url_for("seller.products.products")
                    or url_for("seller.products.edit_product", slug=product.slug))
