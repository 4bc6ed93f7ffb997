"""OCOP Marketplace: a Flask shop that sells only certified, non-expired OCOP products."""
import os

from flask import Flask
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from shop import config as settings
from shop.extensions import babel, csrf, db, limiter, login_manager, migrate
from shop.i18n import select_locale
from shop.input_policy import refuse_unacceptable_input
from shop.links import external_url, page_url
from shop.routing import register_converters
from shop.security_headers import add_security_headers


def create_app(config: dict | None = None) -> Flask:
    """Build the shop: settings from the environment unless `config` is given, then extensions and pages."""
    app = Flask(__name__, instance_relative_config=True)
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
    app.before_request(refuse_unacceptable_input)  # first, before CSRF checks, rate limits and views

    _import_models()
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    # Flask-Login's context processor would load the user (and so read the session) on every page,
    # which would stop public pages from being cached; the lazy proxy is read only where used.
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    app.jinja_env.globals.update(external_url=external_url, page_url=page_url)  # absolute links, from SHOP_URL
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None  # the login page itself says why: no flash on a public page
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    register_converters(app)
    _register_blueprints(app)
    _register_commands(app)
    _init_packages(app)
    app.after_request(add_security_headers)  # error pages too: Flask finalizes them the same way
    return app


def _import_models():
    """Import every model so SQLAlchemy's metadata (and Alembic) sees all tables."""
    from shop.accounts import models as _accounts  # noqa: F401
    from shop.catalog import cache as _catalog_cache  # noqa: F401
    from shop.catalog import models as _catalog  # noqa: F401
    from shop.certification import models as _certification  # noqa: F401
    from shop.inventory import models as _inventory  # noqa: F401
    from shop.notifications import models as _notifications  # noqa: F401
    from shop.office import models as _office  # noqa: F401
    from shop.orders import models as _orders  # noqa: F401
    from shop.search import models as _search  # noqa: F401
    from shop.search import sync as _search_sync  # noqa: F401  (index updates after commits)
    from shop.sellers import models as _sellers  # noqa: F401


def _init_packages(app):
    """The packages that register themselves with `init_app(app)`."""
    from shop import search

    search.init_app(app)


def _register_blueprints(app):
    from shop.accounts.views import bp as accounts_bp
    from shop.api.views import bp as api_bp
    from shop.catalog.seo import bp as seo_bp
    from shop.catalog.views import bp as catalog_bp
    from shop.certification.views import bp as certification_bp
    from shop.errors import register_error_pages
    from shop.formatting import register_template_filters
    from shop.health import bp as health_bp
    from shop.i18n import bp as i18n_bp
    from shop.i18n import register_locale_globals
    from shop.media import bp as media_bp
    from shop.notifications.views import bp as notifications_bp
    from shop.notifications.views import register_unread_count
    from shop.office.views import bp as office_bp
    from shop.orders.desk import bp as desk_bp
    from shop.orders.views import bp as orders_bp
    from shop.orders.webhooks import bp as webhooks_bp
    from shop.search.views import bp as search_bp
    from shop.sellers import listings as _seller_listings  # noqa: F401  (adds its pages to the /seller blueprint)
    from shop.sellers.views import bp as sellers_bp
    from shop.sellers.workspace import bp as workspace_bp

    app.register_blueprint(catalog_bp)
    app.register_blueprint(sellers_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(certification_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(health_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(seo_bp)
    app.register_blueprint(i18n_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(workspace_bp)
    app.register_blueprint(office_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(webhooks_bp)
    csrf.exempt(webhooks_bp)  # Stripe signs its events instead
    register_unread_count(app)
    register_locale_globals(app)
    csrf.exempt(api_bp)  # read-only JSON; never a cookie-authenticated write
    register_error_pages(app)
    register_template_filters(app)


def _register_commands(app):
    from shop.accounts.cli import users
    from shop.certification.cli import ocop
    from shop.demo import seed_demo_command
    from shop.orders.cli import orders
    from shop.search.cli import search

    app.cli.add_command(ocop)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(search)
    app.cli.add_command(users)
    app.cli.add_command(orders)
