"""OCOP Marketplace: a Flask shop that sells only certified, non-expired OCOP products."""
import os

from flask import Flask

from shop import config as settings
from shop.extensions import babel, csrf, db, migrate
from shop.i18n import select_locale
from shop.routing import register_converters


def create_app(config: dict | None = None) -> Flask:
    """Build the shop: settings from the environment unless `config` is given, then extensions and pages."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(settings.DEFAULTS)
    app.config.update(settings.from_environment(app.instance_path))
    app.config.update(config or {})
    settings.check(app.config)
    app.json.ensure_ascii = False  # Vietnamese stays readable in API answers
    app.json.sort_keys = False

    _import_models()
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    register_converters(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _import_models():
    """Import every model so SQLAlchemy's metadata (and Alembic) sees all tables."""
    from shop.accounts import models as _accounts  # noqa: F401
    from shop.catalog import cache as _catalog_cache  # noqa: F401
    from shop.catalog import models as _catalog  # noqa: F401
    from shop.certification import models as _certification  # noqa: F401
    from shop.inventory import models as _inventory  # noqa: F401
    from shop.search import models as _search  # noqa: F401
    from shop.search import sync as _search_sync  # noqa: F401  (index updates after commits)
    from shop.sellers import models as _sellers  # noqa: F401


def _register_blueprints(app):
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
    from shop.search.views import bp as search_bp
    from shop.sellers.views import bp as sellers_bp

    app.register_blueprint(catalog_bp)
    app.register_blueprint(sellers_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(certification_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(health_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(seo_bp)
    app.register_blueprint(i18n_bp)
    register_locale_globals(app)
    csrf.exempt(api_bp)  # read-only JSON; never a cookie-authenticated write
    register_error_pages(app)
    register_template_filters(app)


def _register_commands(app):
    from shop.certification.cli import ocop
    from shop.demo import seed_demo_command
    from shop.search.cli import search

    app.cli.add_command(ocop)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(search)
