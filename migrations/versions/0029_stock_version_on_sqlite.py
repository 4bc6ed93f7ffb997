"""SQLite counts up a stock version on every write to stock levels, batches and outlets, so a worker keeps a product
page's units and outlets while it stands.

PostgreSQL tells each worker which product's stock changed (0028); SQLite has
no listeners, so a product page's live parts were read at every request. Now
triggers on `stock_level`, `batch` and `location` count up
`catalog_state.stock_version` in the writing transaction, and a worker reads
it with the catalog version in one statement (shop/catalog/version_file.py).
On PostgreSQL the column stays 0.

Revision ID: 0029
Revises: 0028
"""
import sqlalchemy as sa
from alembic import op

from shop.catalog.version_triggers import SQLITE_OPERATIONS, STOCK_TABLES, create_sqlite_stock_version_triggers

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("catalog_state", sa.Column("stock_version", sa.BigInteger(), nullable=False, server_default="0"))
    create_sqlite_stock_version_triggers(op)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for table in STOCK_TABLES:
            for operation in SQLITE_OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS stock_changed_{table}_{operation.lower()}")
    op.drop_column("catalog_state", "stock_version")  # in place (SQLite 3.35+): a copy would break the triggers
