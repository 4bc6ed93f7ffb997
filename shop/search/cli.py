"""`flask --app wsgi search reindex`: rebuild the search index from the database."""
import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from shop.clock import today
from shop.extensions import db
from shop.search.backends import search_index
from shop.search.documents import document_rows
from shop.search.service import reindex

search = AppGroup("search", help="Product search index commands.")


@search.command("reindex")
@click.option("--if-missing", is_flag=True, help="Only build the index if there is none yet.")
def reindex_command(if_missing: bool):
    """Index every product afresh (safe while the shop serves: searches keep working)."""
    if if_missing and search_index().exists():
        click.echo("search index: already there; nothing to do")
        return
    total = db.session.scalar(select(func.count()).select_from(document_rows(today()).subquery()))
    with click.progressbar(length=total, label="Indexing products") as bar:
        count = reindex(progress=lambda: bar.update(1))
    click.echo(f"search index: {count} product(s) indexed")
