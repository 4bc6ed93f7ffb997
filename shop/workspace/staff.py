"""/seller/staff: a producer's owner invites staff by email; the invited person accepts the invitation."""
from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.access import requires
from shop.extensions import limiter
from shop.links import external_url
from shop.mail import send_mail
from shop.sellers import onboarding
from shop.web import attempt, carry_out, found_or_404
from shop.workspace.forms import InviteForm

bp = Blueprint("staff", __name__)


@bp.route("/staff", methods=["GET", "POST"])
@requires("owner")
@limiter.limit("20 per day", methods=["POST"], key_func=lambda: f"invite:{current_user.id}")
def staff():
    form = InviteForm()
    if form.validate_on_submit():
        done, token = attempt(lambda: onboarding.invite_staff(g.seller, form.email.data, current_user),
                              form.email)
        if not done:
            return render_template("seller/staff.html", form=form, seller=g.seller)
        link = external_url("seller.staff.invitation", token=token)
        send_mail(form.email.data, _("Lời mời tham gia %(name)s trên Chợ OCOP", name=g.seller.name), _(
            "%(who)s mời bạn cùng quản lý gian hàng của %(name)s trên Chợ OCOP.\n\n"
            "Đăng nhập (hoặc đăng ký) bằng email này rồi mở liên kết:\n%(link)s",
            who=current_user.name or current_user.email, name=g.seller.name, link=link))
        flash(_("Đã gửi lời mời tới %(email)s.", email=form.email.data), "success")
        return redirect(url_for("seller.staff.staff"))
    return render_template("seller/staff.html", form=form, seller=g.seller)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires("signed_in")
def invitation(token):
    invitation = found_or_404(onboarding.open_invitation(token))
    if request.method == "POST":
        done, member = carry_out(lambda: onboarding.accept_invitation(invitation, current_user))
        if done:
            session["seller_id"] = member.seller_id
            return redirect(url_for("seller.dashboard.home"))
    return render_template("seller/invitation.html", invitation=invitation)
