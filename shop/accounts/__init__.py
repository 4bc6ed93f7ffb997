"""People who use the shop: customers, producer members, outlet staff, the programme office."""
from shop.extensions import login_manager


def init_app(app):
    """Register /account, `flask users`, and the login page Flask-Login sends anonymous visitors to."""
    from shop.accounts import cli, models, views  # noqa: F401  (models: the tables, for SQLAlchemy and Alembic)

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.users)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None  # the login page itself says why: no flash on a public page
