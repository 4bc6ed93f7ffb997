"""`flask --app wsgi users create [--office] EMAIL`: make an account from the command line (the first office user)."""
import click
from flask.cli import with_appcontext

from shop.accounts.services import AccountError, register_user
from shop.extensions import db


@click.group(help="Manage user accounts.")
def users():
    pass


@users.command("create")
@click.argument("email")
@click.option("--office", is_flag=True, help="Give the account the programme office's role.")
@click.option("--name", default="", help="The person's name.")
@click.password_option(help="The password (asked for, hidden, if not given).")
@with_appcontext
def create(email, office, name, password):
    """Create an active account; with --office it may verify producers and certificates."""
    if "@" not in email:
        raise click.BadParameter("an email address is needed", param_hint="EMAIL")
    try:
        user = register_user(email, password, name=name, is_office=office)
    except AccountError as refused:
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    click.echo(f"created {user.email}{' (programme office)' if office else ''}")
