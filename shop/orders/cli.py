"""`flask --app wsgi orders release-expired`: give back the stock of card orders never paid (run by cron)."""
import click
from flask.cli import AppGroup

from shop.extensions import db
from shop.orders.payments import release_expired

orders = AppGroup("orders", help="Order commands.")


@orders.command("release-expired")
def release_expired_command():
    """Release the reserved units of card orders whose payment time ran out."""
    count = release_expired()
    db.session.commit()
    click.echo(f"{count} unpaid order(s) released")
