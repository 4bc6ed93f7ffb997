"""/seller: a producer's dashboard, its application to the office (apply, resubmit), shipping fees,
and the choice of producer for someone who works for several."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from shop.accounts.access import current_membership, requires
from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.certification.models import Certificate
from shop.clock import today
from shop.extensions import db
from shop.inventory.services import available_by_product
from shop.orders.models import SellerOrder
from shop.sellers import onboarding
from shop.sellers.forms import ChannelsForm, channels_form
from shop.sellers.models import OWNER_TYPE_EXPLANATIONS
from shop.sellers.services import declare_channels
from shop.transfers.pull_alerts import open_alert_count
from shop.transfers.queries import waiting_for_producer
from shop.uploads import UploadRejected, save_document
from shop.web import attempt, found_or_404
from shop.workspace.forms import ProducerForm, ShippingForm

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@requires("signed_in")
def home():
    membership = current_membership()
    if membership is None:
        return redirect(url_for("seller.dashboard.onboarding"))
    seller = membership.seller
    return render_template("seller/dashboard.html", seller=seller, membership=membership,
                           counts=_counts(seller), running_low=_running_low(seller),
                           transfers=waiting_for_producer(seller.id), pull_alerts=open_alert_count(seller.id))


def _running_low(seller) -> list[tuple]:
    """(product, available units) of the producer's published products at or below their low-stock warning."""
    published = db.session.scalars(select(Product).where(Product.seller_id == seller.id, Product.published)
                                   .order_by(Product.name)).all()
    available = available_by_product(seller.id, [p.id for p in published])
    return [(p, available[p.id]) for p in published if p.runs_low(available[p.id])]


def _counts(seller) -> dict:
    return {
        "products": db.session.scalar(select(func.count()).where(Product.seller_id == seller.id)),
        "published": db.session.scalar(select(func.count()).where(Product.seller_id == seller.id,
                                                                  sellable(today()))),
        "pending_orders": db.session.scalar(select(func.count()).select_from(SellerOrder).where(
            SellerOrder.seller_id == seller.id, SellerOrder.status == "pending")),
        "pending_certificates": db.session.scalar(select(func.count()).select_from(Certificate).join(
            Certificate.product).where(Product.seller_id == seller.id, Certificate.status == "pending")),
    }


def _profile(form) -> dict:
    return {name: getattr(form, name).data for name in onboarding.PROFILE_FIELDS}


def _document(form, required: bool, replacing: str | None = None):
    """The uploaded registration document's stored path (it replaces `replacing`); None if none was sent."""
    upload = form.document.data
    if not upload or not upload.filename:
        if required:
            raise UploadRejected(_("Hãy gửi kèm giấy đăng ký kinh doanh."))
        return None
    return save_document(upload, "registrations", replacing)


@bp.route("/register", methods=["GET", "POST"], endpoint="onboarding")
@requires("signed_in")
def apply():
    form = ProducerForm()
    if form.validate_on_submit():
        done, seller = attempt(lambda: onboarding.apply_as_producer(
            current_user, _document(form, required=True), **_profile(form)),
            form.name, {UploadRejected: form.document})
        if done:
            session["seller_id"] = seller.id
            flash(_("Đã gửi hồ sơ. Văn phòng OCOP sẽ xem xét và báo kết quả cho bạn."), "success")
            return redirect(url_for("seller.dashboard.home"))
    return render_template("seller/apply.html", form=form, explanations=OWNER_TYPE_EXPLANATIONS)


@bp.route("/profile", methods=["GET", "POST"])
@requires("owner")
def profile():
    seller = g.seller
    form = ProducerForm(obj=seller)
    if form.validate_on_submit():
        done, _unused = attempt(lambda: onboarding.resubmit(
            seller, _document(form, required=False, replacing=seller.registration_document), **_profile(form)),
            form.name, {UploadRejected: form.document})
        if done:
            flash(_("Đã gửi lại hồ sơ cho Văn phòng OCOP."), "success")
            return redirect(url_for("seller.dashboard.home"))
    return render_template("seller/apply.html", form=form, explanations=OWNER_TYPE_EXPLANATIONS,
                           seller=seller)


@bp.route("/channels", methods=["GET", "POST"])
@requires("owner")
def channels():
    """The producer declares its enterprise size and the modern channels it sells through (for the office's KPIs)."""
    form = ChannelsForm() if request.method == "POST" else channels_form(g.seller)
    if form.validate_on_submit():
        done, _unused = attempt(lambda: declare_channels(g.seller, form.size(), form.channels.data),
                                form.channels)
        if done:
            flash(_("Đã lưu quy mô và kênh bán hàng."), "success")
            return redirect(url_for("seller.dashboard.channels"), 303)
    return render_template("seller/channels.html", form=form)


@bp.route("/shipping", methods=["GET", "POST"])
@requires("owner")
def shipping():
    form = ShippingForm(obj=g.seller)
    if form.validate_on_submit():
        g.seller.shipping_fee_vnd = form.shipping_fee_vnd.data
        g.seller.free_shipping_over_vnd = form.free_shipping_over_vnd.data
        db.session.commit()
        flash(_("Đã lưu phí vận chuyển."), "success")
        return redirect(url_for("seller.dashboard.shipping"))
    return render_template("seller/shipping.html", form=form,
                           default_fee=current_app.config["SHIPPING_FEE_VND"])


@bp.post("/switch")
@requires("signed_in")
def switch():
    """Work for another producer this person is a member of."""
    wanted = request.form.get("seller", "")
    membership = found_or_404(current_user.membership_of(int(wanted)) if wanted.isdecimal() else None)
    session["seller_id"] = membership.seller_id
    return redirect(url_for("seller.dashboard.home"))
