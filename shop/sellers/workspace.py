"""/seller: a producer's workspace — apply, see where the application stands, invite staff.

Products and certificates have their own pages (shop/sellers/listings.py).
"""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from shop.accounts.access import current_membership, requires
from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.certification.models import Certificate
from shop.clock import today
from shop.extensions import db, limiter
from shop.links import external_url
from shop.mail import send_mail
from shop.orders.models import SellerOrder
from shop.sellers import onboarding
from shop.sellers.forms import InviteForm, ProducerForm, ShippingForm
from shop.sellers.models import OWNER_TYPE_EXPLANATIONS
from shop.uploads import UploadRejected, save_document
from shop.web import attempt, carry_out

bp = Blueprint("seller", __name__, url_prefix="/seller")


@bp.get("/")
@requires("signed_in")
def dashboard():
    membership = current_membership()
    if membership is None:
        return redirect(url_for("seller.onboarding"))
    seller = membership.seller
    return render_template("sellers/workspace/dashboard.html", seller=seller, membership=membership,
                           counts=_counts(seller))


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
            return redirect(url_for("seller.dashboard"))
    return render_template("sellers/workspace/apply.html", form=form, explanations=OWNER_TYPE_EXPLANATIONS)


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
            return redirect(url_for("seller.dashboard"))
    return render_template("sellers/workspace/apply.html", form=form, explanations=OWNER_TYPE_EXPLANATIONS,
                           seller=seller)


@bp.route("/shipping", methods=["GET", "POST"])
@requires("owner")
def shipping():
    form = ShippingForm(obj=g.seller)
    if form.validate_on_submit():
        g.seller.shipping_fee_vnd = form.shipping_fee_vnd.data
        g.seller.free_shipping_over_vnd = form.free_shipping_over_vnd.data
        db.session.commit()
        flash(_("Đã lưu phí vận chuyển."), "success")
        return redirect(url_for("seller.shipping"))
    return render_template("sellers/workspace/shipping.html", form=form,
                           default_fee=current_app.config["SHIPPING_FEE_VND"])


@bp.post("/switch")
@requires("signed_in")
def switch():
    """Work for another producer this person is a member of."""
    wanted = request.form.get("seller", "")
    membership = current_user.membership_of(int(wanted)) if wanted.isdecimal() else None
    if membership is None:
        abort(404)
    session["seller_id"] = membership.seller_id
    return redirect(url_for("seller.dashboard"))


@bp.route("/staff", methods=["GET", "POST"])
@requires("owner")
@limiter.limit("20 per day", methods=["POST"], key_func=lambda: f"invite:{current_user.id}")
def staff():
    form = InviteForm()
    if form.validate_on_submit():
        done, token = attempt(lambda: onboarding.invite_staff(g.seller, form.email.data, current_user),
                              form.email)
        if not done:
            return render_template("sellers/workspace/staff.html", form=form, seller=g.seller)
        link = external_url("seller.invitation", token=token)
        send_mail(form.email.data, _("Lời mời tham gia %(name)s trên Chợ OCOP", name=g.seller.name), _(
            "%(who)s mời bạn cùng quản lý gian hàng của %(name)s trên Chợ OCOP.\n\n"
            "Đăng nhập (hoặc đăng ký) bằng email này rồi mở liên kết:\n%(link)s",
            who=current_user.name or current_user.email, name=g.seller.name, link=link))
        flash(_("Đã gửi lời mời tới %(email)s.", email=form.email.data), "success")
        return redirect(url_for("seller.staff"))
    return render_template("sellers/workspace/staff.html", form=form, seller=g.seller)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires("signed_in")
def invitation(token):
    invitation = onboarding.open_invitation(token)
    if invitation is None:
        abort(404)
    if request.method == "POST":
        done, member = carry_out(lambda: onboarding.accept_invitation(invitation, current_user))
        if done:
            session["seller_id"] = member.seller_id
            return redirect(url_for("seller.dashboard"))
    return render_template("sellers/workspace/invitation.html", invitation=invitation)
