"""The Alembic migrations build exactly the schema the models describe, on this database."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shop.extensions import db


def test_migrations_match_the_models():
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []
