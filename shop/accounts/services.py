"""Account verbs: register, authenticate, change and reset passwords. They flush; views commit."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from shop.accounts.models import User
from shop.errors import Invalid
from shop.extensions import db

MIN_PASSWORD_LENGTH = 8
RESET_TOKEN_SECONDS = 2 * 3600
# Checked against when the email is unknown, so a login takes as long either way.
_UNUSED_HASH = generate_password_hash("an account that does not exist")


class AccountError(Invalid):
    """A request the account rules refuse (a short or wrong password, an email already taken); shown to the person."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account with this email (any case), or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register_user(email: str, password: str, *, name: str = "", phone: str | None = None,
                  is_office: bool = False) -> User:
    """A new active account; refuses an email already registered."""
    if find_user(email) is not None:
        raise AccountError(_l("Email này đã có tài khoản. Hãy đăng nhập hoặc đặt lại mật khẩu."))
    user = User(email=normalise_email(email), name=name.strip(), phone=phone or None, is_office=is_office)
    set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Store a salted hash of `password` (scrypt); the password itself is never kept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_l("Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH))
    user.password_hash = generate_password_hash(password)


def authenticate(email: str, password: str) -> User | None:
    """The active account whose password this is, or None (same work whether or not the email exists)."""
    user = find_user(email)
    if user is None or not user.password_hash:
        check_password_hash(_UNUSED_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password once the current one is given correctly."""
    if not user.password_hash or not check_password_hash(user.password_hash, current):
        raise AccountError(_l("Mật khẩu hiện tại không đúng."))
    set_password(user, new)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def reset_token(user: User) -> str:
    """A signed, expiring token for a reset link; it stops working once the password changes."""
    return _serializer().dumps({"id": user.id, "hash": (user.password_hash or "")[-16:]})


def user_for_reset_token(token: str) -> User | None:
    """The account a reset token was made for, if it is genuine, fresh and unused."""
    try:
        data = _serializer().loads(token, max_age=RESET_TOKEN_SECONDS)
    except BadSignature:  # also covers an expired signature
        return None
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or not user.is_active or (user.password_hash or "")[-16:] != data.get("hash"):
        return None
    return user

