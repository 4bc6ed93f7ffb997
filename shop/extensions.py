"""Flask extensions, created unbound and initialised in create_app."""

from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
# Only what guards accounts is limited (login, registration, password reset): never browsing or
# checkout, since many Vietnamese mobile users share one carrier address.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, its signing serializer built once per key rather than twice a request
    (reading the cookie, writing it): ~0.04 ms each, on every page, a cached one too. One per app."""

    def __init__(self):
        self.signing = {}  # (secret key, fallbacks): serializer; only the latest kept

    def get_signing_serializer(self, app):
        """The serializer for `app`'s current secret key and fallbacks (None without a key)."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self.signing:
            self.signing = {keys: super().get_signing_serializer(app)}
        return self.signing[keys]


def one_of(column: str, values) -> str:
    """SQL for a CHECK constraint that keeps `column` within `values`."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
