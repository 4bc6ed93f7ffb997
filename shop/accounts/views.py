"""/account: register, log in and out, profile, password change and reset by emailed link."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from shop.accounts import services
from shop.accounts.access import requires
from shop.accounts.forms import LoginForm, PasswordForm, ProfileForm, RegisterForm, ResetForm, ResetRequestForm
from shop.accounts.models import User
from shop.extensions import db, limiter, login_manager
from shop.links import external_url, local_path
from shop.mail import send_mail
from shop.web import attempt

bp = Blueprint("accounts", __name__, url_prefix="/account")
# Per client address and per account: guessing passwords is slowed down for both.
_per_address = limiter.limit("20 per minute", methods=["POST"])
_per_account = limiter.limit("5 per minute", methods=["POST"], key_func=lambda: "account:" + services.normalise_email(
    request.form.get("email", "")))


def _per_address_and_account(view):
    """Both limits, for the pages that answer about an account (log in, ask for a reset link)."""
    return _per_address(_per_account(view))


@login_manager.user_loader
def _load_user(reference: str):
    """The active user a session cookie names, unless their password changed since it was made."""
    user_id, _, _tail = reference.partition("-")
    user = db.session.get(User, int(user_id)) if user_id.isdecimal() else None
    if user is None or not user.is_active or user.get_id() != reference:
        return None
    return user


def _work_page(user) -> str | None:
    """Where `user`'s work is: outlet staff their outlet, the programme office its queues, a producer's people its
    workspace; a shopper has none."""
    if user.outlet_posts:
        return url_for("outlet.home")
    if user.is_office:
        return url_for("office.dashboard")
    return url_for("seller.dashboard.home") if user.memberships else None


def _account_page(user) -> str:
    """Where the header's account link leads someone signed in: their work, else their account."""
    return _work_page(user) or url_for("accounts.profile")


def _next_page(user) -> str:
    """Where signing in leads: the page that asked for it (`next`), else the person's work, else the page they
    were on when they chose to sign in (`back`, from the header's link), else their account."""
    return local_path(request.args.get("next"), _work_page(user) or local_path(request.args.get("back"),
                                                                              url_for("accounts.profile")))


def _signed_in(user, message, page: str):
    """Sign `user` into this session (any other of theirs ends), say `message`, and go to `page`."""
    login_user(user)
    flash(message, "success")
    return redirect(page)


@bp.get("/")
@requires("signed_in")
def home():
    return redirect(_account_page(current_user))


@bp.route("/register", methods=["GET", "POST"])
@_per_address
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        done, user = attempt(lambda: services.register_user(form.email.data, form.password.data, name=form.name.data,
                                                            phone=form.phone.data), form.email)
        if done:
            return _signed_in(user, _("Chào mừng %(name)s! Tài khoản đã được tạo.", name=user.name), _next_page(user))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@_per_address_and_account
def login():
    if current_user.is_authenticated and request.method == "GET" and "back" in request.args:
        return redirect(_account_page(current_user))  # the header's account link, once signed in
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_next_page(user))
        form.password.errors.append(_("Email hoặc mật khẩu không đúng."))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    for key in ("seller_id", "orders"):  # the next person on this browser sees neither producer nor orders
        session.pop(key, None)
    return redirect(url_for("catalog.home"))


@bp.route("/profile", methods=["GET", "POST"])
@requires("signed_in")
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name, current_user.phone = form.name.data, form.phone.data or None
        db.session.commit()
        flash(_("Đã lưu thông tin tài khoản."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@requires("signed_in")
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        done, _unused = attempt(lambda: services.change_password(current_user, form.current.data, form.password.data),
                                form.current)
        if done:  # this session stays; every other one ends
            return _signed_in(current_user._get_current_object(), _("Đã đổi mật khẩu."), url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)


def _send_reset_link(email: str) -> None:
    """Mail a password-reset link to the active account with `email`, if there is one."""
    user = services.find_user(email)
    if user is None or not user.is_active:
        return
    link = external_url("accounts.reset", token=services.reset_token(user))
    send_mail(user.email, _("Đặt lại mật khẩu Chợ OCOP"), _(
        "Để đặt mật khẩu mới, mở liên kết sau (có hiệu lực 2 giờ):\n\n%(link)s\n\n"
        "Nếu bạn không yêu cầu, hãy bỏ qua thư này.", link=link))


@bp.route("/reset", methods=["GET", "POST"])
@_per_address_and_account
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        _send_reset_link(form.email.data)
        # The same answer whether or not the account exists: no one learns who has an account.
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@_per_address
def reset(token):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        return _signed_in(user, _("Đã đặt mật khẩu mới."), url_for("accounts.profile"))
    return render_template("accounts/reset.html", form=form)
