"""OCOP Marketplace: a Flask shop that sells only certified, non-expired OCOP products."""
import os

from flask import Flask
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from shop import (
    accounts,
    api,
    catalog,
    certification,
    counter,
    counts,
    demo,
    errors,
    formatting,
    health,
    i18n,
    input_policy,
    inventory,
    links,
    media,
    notifications,
    office,
    orders,
    outlet,
    routing,
    search,
    security_headers,
    sellers,
    settlements,
    stamps,
    storefront,
    transfers,
    workspace,
)
from shop import config as settings
from shop.connections import keep_prepared_statements, replace_dropped_connections
from shop.extensions import SessionCookies, babel, csrf, db, limiter, login_manager, migrate

# Each registers itself with `init_app(app)`: its tables, blueprints, commands, template globals and listeners.
BASICS = (routing, links, formatting, i18n, errors, health, media, demo)  # converters before any route
DOMAIN = (accounts, catalog, certification, sellers, inventory, transfers, counter, counts, orders, search,
          notifications, settlements, stamps)
AREAS = (storefront, workspace, office, outlet, api)


class Shop(Flask):
    """Flask, checking each hook and view once for being a coroutine rather than at every request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._synchronous = {}

    def ensure_sync(self, func):
        """`func` as Flask calls it (the shop has no async views; one that came would still be wrapped)."""
        if func not in self._synchronous:
            if len(self._synchronous) >= 1024:  # bounded, should a view hand Flask new callables at each request
                self._synchronous.clear()
            self._synchronous[func] = super().ensure_sync(func)
        return self._synchronous[func]


def create_app(config: dict | None = None) -> Flask:
    """Build the shop: settings from the environment unless `config` is given, then extensions and packages."""
    # INSTANCE_PATH: this host's own folder (an absolute path) for its search index, secret key and local files.
    app = Shop(__name__, instance_relative_config=True, instance_path=os.environ.get("INSTANCE_PATH") or None)
    _configure(app, config)
    input_policy.init_app(app)  # first, before CSRF checks, rate limits and views
    _init_extensions(app)
    for package in (*BASICS, *DOMAIN, *AREAS):
        package.init_app(app)
    security_headers.init_app(app)
    return app


def _configure(app: Flask, config: dict | None) -> None:
    """Settings: defaults, then the environment, then `config`; checked before anything uses them."""
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(settings.DEFAULTS)
    app.config.update(settings.from_environment(app.instance_path))
    app.config.update(config or {})
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]  # "remember me" as safe as the session
    settings.check(app.config)
    if app.config.get("TRUSTED_PROXIES"):
        # Behind a reverse proxy the client's address is in X-Forwarded-For: rate limits need it.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.json.ensure_ascii = False  # Vietnamese stays readable in API answers
    app.json.sort_keys = False


def _init_extensions(app: Flask) -> None:
    """The session cookie, the database and migrations, CSRF, logins, rate limits and translations."""
    app.session_interface = SessionCookies()
    db.init_app(app)
    with app.app_context():
        keep_prepared_statements(db.engine)
        replace_dropped_connections(db.engine)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    # Flask-Login's context processor would load the user (and so read the session) on every page,
    # which would stop public pages from being cached; the lazy proxy is read only where used.
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    limiter.init_app(app)
    _limit_only_where_declared(app)
    babel.init_app(app, locale_selector=i18n.select_locale)


def _limit_only_where_declared(app: Flask) -> None:
    """Drop Flask-Limiter's check before every request while no limit covers every page.

    A view's own limit (`@limiter.limit`) is checked by its decorator; the check before
    every request adds only the app-wide and default limits (none: shop/extensions.py), and
    cost each page, a cached one too, a third of a millisecond. A limit set for every page
    (RATELIMIT_DEFAULT or RATELIMIT_APPLICATION) keeps it.
    """
    if not (limiter.limit_manager.default_limits or limiter.limit_manager.application_limits):
        app.before_request_funcs[None].remove(limiter._check_request_limit)
