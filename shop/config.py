"""Settings read from the environment; tests pass their own mapping to create_app."""
import os
from datetime import date


def _shop_today(value: str | None) -> date | None:
    """Parse SHOP_TODAY (ISO date) or fail at start-up with a readable message."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"SHOP_TODAY must be an ISO date (YYYY-MM-DD), got {value!r}") from None


def from_environment(instance_path: str) -> dict:
    """The configuration of a running shop, from environment variables."""
    sqlite_default = "sqlite:///" + os.path.join(instance_path, "shop.db")
    debug = os.environ.get("FLASK_DEBUG", "") in ("1", "true")
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", sqlite_default),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "dev-only-not-secret"),
        "SHOP_TODAY": _shop_today(os.environ.get("SHOP_TODAY")),
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0" if debug else "1") == "1",
        "PRODUCTS_PER_PAGE": int(os.environ.get("PRODUCTS_PER_PAGE", "24")),
    }


DEFAULTS = {
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
}
