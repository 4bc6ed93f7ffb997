"""`flask --app wsgi users create [--office] [--outlet SLUG] [--producer SLUG] EMAIL`: make an account from the
command line (the first office user, an outlet's staff, the owner of a producer that came from an imported list)."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from shop.accounts.services import AccountError, register_user
from shop.extensions import db
from shop.inventory.models import Location, OutletStaff
from shop.sellers.models import Seller, SellerMember


@click.group(help="Manage user accounts.")
def users():
    pass


@users.command("create")
@click.argument("email")
@click.option("--office", is_flag=True, help="Give the account the programme office's role.")
@click.option("--outlet", "outlets", multiple=True, metavar="SLUG",
              help="Make the account staff of this OCOP outlet (sales point or centre); repeatable.")
@click.option("--producer", "producers", multiple=True, metavar="SLUG",
              help="Make the account an owner of this existing producer; repeatable.")
@click.option("--name", default="", help="The person's name.")
@click.password_option(help="The password (asked for, hidden, if not given).")
@with_appcontext
def create(email, office, outlets, producers, name, password):
    """Create an active account; with --office it may verify producers and certificates, with --outlet it works
    at those outlets, with --producer it owns those producers' shops."""
    if "@" not in email:
        raise click.BadParameter("an email address is needed", param_hint="EMAIL")
    places = [_outlet(slug) for slug in dict.fromkeys(outlets)]  # a slug given twice counts once
    sellers = [_producer(slug) for slug in dict.fromkeys(producers)]
    try:
        user = register_user(email, password, name=name, is_office=office)
    except AccountError as refused:
        raise click.ClickException(str(refused)) from None
    db.session.add_all(OutletStaff(user=user, location=place) for place in places)
    db.session.add_all(SellerMember(user=user, seller=seller, role="owner") for seller in sellers)
    db.session.commit()
    roles = (["programme office"] * office + [f"staff of {place.name}" for place in places]
             + [f"owner of {seller.name}" for seller in sellers])
    described = f" ({', '.join(roles)})" if roles else ""
    click.echo(f"created {user.email}{described}")


def _outlet(slug: str) -> Location:
    place = db.session.scalar(select(Location).where(Location.slug == slug, Location.kind != "warehouse"))
    if place is None:
        raise click.BadParameter(f"no OCOP outlet with the slug {slug!r}", param_hint="--outlet")
    return place


def _producer(slug: str) -> Seller:
    seller = db.session.scalar(select(Seller).where(Seller.slug == slug))
    if seller is None:
        raise click.BadParameter(f"no producer with the slug {slug!r}", param_hint="--producer")
    return seller
