"""`flask --app wsgi search reindex`: rebuild the search index from the database."""
import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.extensions import db
from shop.search.service import reindex

search = AppGroup("search", help="Product search index commands.")


@search.command("reindex")
def reindex_command():
    """Index every product afresh (safe while the shop serves: searches keep working)."""
    total = db.session.scalar(select(func.count(Product.id)))
    with click.progressbar(length=total, label="Indexing products") as bar:
        count = reindex(progress=lambda: bar.update(1))
    click.echo(f"search index: {count} product(s) indexed")
