"""Languages: Vietnamese first, English too; the visitor's choice is kept in a cookie."""
from babel import Locale
from flask import Blueprint, abort, current_app, has_request_context, redirect, request
from flask_babel import get_locale

from shop.links import local_path

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
LOCALES = {code: Locale.parse(code) for code in LANGUAGES}  # parsed once, not at every request
COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def select_locale() -> Locale:
    """The language the visitor chose, else Vietnamese.

    The browser's Accept-Language is not consulted: many Vietnamese buyers run
    their phones in English yet shop in Vietnamese. English is one click away.
    """
    chosen = request.cookies.get(COOKIE) if has_request_context() else None
    return LOCALES.get(chosen, LOCALES["vi"])


@bp.get("/language/<code>")
def set_language(code):
    """Switch language and go back to the page the visitor was on."""
    if code not in LANGUAGES:
        abort(404)
    response = redirect(local_path(request.args.get("next")))
    response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _languages() -> dict:
    return {"languages": LANGUAGES, "current_locale": str(get_locale())}


def init_app(app):
    """Register /language/<code>, and the languages every page offers."""
    app.register_blueprint(bp)
    app.context_processor(_languages)
