"""Settings read from the environment; tests pass their own mapping to create_app."""
import os
import re
import secrets
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

DEVELOPMENT_URL = "http://127.0.0.1:5000"  # what `make run` serves
HOST_NAME = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?")


def _shop_today(value: str | None) -> date | None:
    """Parse SHOP_TODAY (ISO date) or fail at start-up with a readable message."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"SHOP_TODAY must be an ISO date (YYYY-MM-DD), got {value!r}") from None


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _per_page(value: str) -> int:
    """PRODUCTS_PER_PAGE: 1 to 100, or fail at start-up."""
    if not value.isdecimal() or not 1 <= int(value) <= 100:
        raise ValueError(f"PRODUCTS_PER_PAGE must be a whole number from 1 to 100, got {value!r}")
    return int(value)


def _shop_url(value: str, required: bool) -> str:
    """SHOP_URL: where people reach the shop (scheme, host, optional path), or fail at start-up."""
    if not value:
        if required:
            raise ValueError("SHOP_URL must be set when MAIL_SERVER is (e.g. https://cho-ocop.example.vn): "
                             "links in emails are built from it")
        return DEVELOPMENT_URL
    if not _is_site_address(value):
        raise ValueError(f"SHOP_URL must be http(s)://host[:port][/path], without query or fragment, got {value!r}")
    return value.rstrip("/")


def _is_site_address(value: str) -> bool:
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and not parts.query and not parts.fragment
            and "@" not in parts.netloc and bool(HOST_NAME.fullmatch(parts.hostname or "")))


def _trusted_hosts(shop_url: str, extra: str) -> list[str]:
    """The host names requests may arrive under: SHOP_URL's, plus the comma-separated `extra` ones."""
    hosts = [urlsplit(shop_url).hostname] + [host.strip().lower() for host in extra.split(",") if host.strip()]
    for host in hosts:
        if not HOST_NAME.fullmatch(host.removeprefix(".")):  # ".example.vn" trusts every subdomain
            raise ValueError(f"TRUSTED_HOSTS must be host names separated by commas, got {host!r}")
    return hosts


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else a random key kept in instance/secret_key (never in git)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def from_environment(instance_path: str) -> dict:
    """The configuration of a running shop, from environment variables."""
    sqlite_default = "sqlite:///" + os.path.join(instance_path, "shop.db")
    debug = os.environ.get("FLASK_DEBUG", "") in ("1", "true")
    mail = _mail_settings()
    shop_url = _shop_url(os.environ.get("SHOP_URL", ""), required=bool(mail["MAIL_SERVER"]) and not debug)
    # Until SHOP_URL is set, http://localhost:5000 reaches the development shop as well.
    extra_hosts = os.environ.get("TRUSTED_HOSTS", "" if os.environ.get("SHOP_URL") else "localhost")
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", sqlite_default),
        "SECRET_KEY": _secret_key(instance_path),
        "SHOP_URL": shop_url,
        "TRUSTED_HOSTS": _trusted_hosts(shop_url, extra_hosts),  # Flask answers any other Host with 400
        "SHOP_TODAY": _shop_today(os.environ.get("SHOP_TODAY")),
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0" if debug else "1") == "1",
        "SEARCH_BACKEND": _one_of("SEARCH_BACKEND", os.environ.get("SEARCH_BACKEND", "whoosh"), ("whoosh", "postgres")),
        "SEARCH_INDEX_DIR": os.environ.get("SEARCH_INDEX_DIR") or os.path.join(instance_path, "search-index"),
        "PRODUCTS_PER_PAGE": _per_page(os.environ.get("PRODUCTS_PER_PAGE", "24")),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),  # redis://... for several hosts
        # Uploaded photos and documents: files under instance/ (one host), or the database (several hosts).
        "MEDIA_STORE": _one_of("MEDIA_STORE", os.environ.get("MEDIA_STORE", "local"), ("local", "database")),
        "TRUSTED_PROXIES": _count("TRUSTED_PROXIES", os.environ.get("TRUSTED_PROXIES", "0")),
        # A CDN's header with the visitor's rough region (e.g. CF-Region): stamp checks note it; unset: none.
        "STAMP_REGION_HEADER": os.environ.get("STAMP_REGION_HEADER", ""),
        "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY", ""),
        "STRIPE_PUBLISHABLE_KEY": os.environ.get("STRIPE_PUBLISHABLE_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": os.environ.get("STRIPE_WEBHOOK_SECRET", ""),
        "STRIPE_API_BASE": os.environ.get("STRIPE_API_BASE", ""),  # tests: a localstripe server
        **mail,
    }


def _count(name: str, value: str) -> int:
    if not value.isdecimal():
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    return int(value)


def _mail_settings() -> dict:
    """SMTP for outgoing mail; without MAIL_SERVER, messages go to the log (see shop/mail.py)."""
    port = os.environ.get("MAIL_PORT", "587")
    if not port.isdecimal():
        raise ValueError(f"MAIL_PORT must be a port number, got {port!r}")
    return {
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(port),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "Chợ OCOP <no-reply@localhost>"),
    }


DEFAULTS = {
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SAMESITE": "Lax",  # "remember me": never sent with another site's form posts
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    "RATELIMIT_HEADERS_ENABLED": True,
    "MEDIA_MAX_BYTES": 5 * 1024 * 1024,  # one uploaded image or document
    "SHIPPING_FEE_VND": 30_000,  # per producer's part, unless the producer sets its own
    "RESERVATION_MINUTES": 15,  # how long a card checkout holds stock while the buyer pays
    "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,  # a whole form, uploads included
}


def check(config) -> None:
    """Refuse settings that cannot work together, at start-up rather than at the first search."""
    if config["SEARCH_BACKEND"] == "postgres" and not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        raise ValueError("SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL")
