"""Languages: Vietnamese first, English too; the visitor's choice is kept in a cookie."""
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, has_request_context, redirect, request
from flask_babel import get_locale

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The language the visitor chose, else Vietnamese.

    The browser's Accept-Language is not consulted: many Vietnamese buyers run
    their phones in English yet shop in Vietnamese. English is one click away.
    """
    chosen = request.cookies.get(COOKIE) if has_request_context() else None
    return chosen if chosen in LANGUAGES else "vi"


def _local_path(target: str | None) -> str:
    """`target` if it is a plain path on this site, else the home page (no open redirects)."""
    if not target or any(ord(char) <= 0x20 or char in "\x7f\\" for char in target):
        return "/"  # browsers drop tabs and newlines, turning "/\t/evil" into "//evil"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.get("/language/<code>")
def set_language(code):
    """Switch language and go back to the page the visitor was on."""
    if code not in LANGUAGES:
        abort(404)
    response = redirect(_local_path(request.args.get("next")))
    response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def register_locale_globals(app):
    @app.context_processor
    def _languages():
        return {"languages": LANGUAGES, "current_locale": str(get_locale())}
