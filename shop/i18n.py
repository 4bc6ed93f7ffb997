"""Languages: Vietnamese first, English too; the visitor's choice is kept in a cookie."""
from babel import Locale
from flask import Blueprint, abort, current_app, g, has_request_context, redirect, request
from flask_babel import get_locale, get_translations

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


def translations():
    """The catalog of the language now in use, found once per request and language (Flask-Babel's own lookup walks
    its context again at each call). `force_locale` changes the language, and so the catalog; outside an
    application context, none (the messages as written)."""
    locale = get_locale()
    if locale is None:
        return get_translations()
    kept = g.get("_translations")
    if kept is None or kept[0] is not locale:
        kept = g._translations = (locale, get_translations())
    return kept[1]


def _install_template_gettext(env) -> None:
    """Give templates gettext and its kin through `translations()`, with Jinja's own newstyle wrapping (escaping,
    %-formatting); `_` is gettext itself rather than Jinja's alias, which looks gettext up again at each call."""
    env.install_gettext_callables(
        gettext=lambda message: translations().ugettext(message),
        ngettext=lambda singular, plural, n: translations().ungettext(singular, plural, n),
        pgettext=lambda context, message: translations().upgettext(context, message),
        npgettext=lambda context, singular, plural, n: translations().unpgettext(context, singular, plural, n),
        newstyle=True)
    env.globals["_"] = env.globals["gettext"]


def init_app(app):
    """Register /language/<code>, the languages every page offers, and the templates' gettext."""
    app.register_blueprint(bp)
    app.context_processor(_languages)
    _install_template_gettext(app.jinja_env)
