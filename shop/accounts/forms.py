"""Account forms (Flask-WTF: each carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from shop.accounts.services import MIN_PASSWORD_LENGTH
from shop.forms import email_address, phone_number, strip

_required = InputRequired(message=_l("Vui lòng điền mục này."))


def _new_password(label):
    return PasswordField(label, validators=[_required, Length(
        min=MIN_PASSWORD_LENGTH, max=200, message=_l("Mật khẩu cần từ %(min)d đến %(max)d ký tự."))])


def _confirmation(of):
    return PasswordField(_l("Nhập lại mật khẩu"), validators=[_required, EqualTo(
        of, message=_l("Hai mật khẩu không khớp."))])


class RegisterForm(FlaskForm):
    name = StringField(_l("Họ và tên"), filters=[strip], validators=[_required, Length(max=200)])
    email = EmailField(_l("Email"), filters=[strip], validators=[_required, email_address])
    phone = StringField(_l("Số điện thoại (không bắt buộc)"), filters=[strip], validators=[Optional(), phone_number])
    password = _new_password(_l("Mật khẩu"))
    confirm = _confirmation("password")


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip], validators=[_required, email_address])
    password = PasswordField(_l("Mật khẩu"), validators=[_required, Length(max=200)])
    remember = BooleanField(_l("Ghi nhớ đăng nhập"))


class ProfileForm(FlaskForm):
    name = StringField(_l("Họ và tên"), filters=[strip], validators=[_required, Length(max=200)])
    phone = StringField(_l("Số điện thoại"), filters=[strip], validators=[Optional(), phone_number])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[_required, Length(max=200)])
    password = _new_password(_l("Mật khẩu mới"))
    confirm = _confirmation("password")


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip], validators=[_required, email_address])


class ResetForm(FlaskForm):
    password = _new_password(_l("Mật khẩu mới"))
    confirm = _confirmation("password")
