"""Product cards say "Còn ít" or "Hết hàng", so a cached page must not outlive the word it shows.

A change to a producer's warehouse stock that moves a product between sold out,
low (at or under its `low_stock_at`) and plenty gives the catalog a new version,
as a write to a catalog table does (0004); other stock changes, and stock held
at outlets, leave cached pages alone, so sales do not empty the cache. The
words themselves are `stock_label` in shop/storefront/catalog.py; the suite
holds the two together (tests/catalog/test_cache.py).

Revision ID: 0013
Revises: 0012
"""
from alembic import op

from shop.catalog.version_triggers import (
    POSTGRES_STOCK_LABEL_0013,
    STOCK_LABEL_0013,
    create_sqlite_stock_label_triggers,
)

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_STOCK_LABEL_0013)
        op.execute("CREATE CONSTRAINT TRIGGER stock_label_changed AFTER INSERT OR UPDATE OR DELETE ON stock_level "
                   "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stock_label_changed()")
        return
    create_sqlite_stock_label_triggers(op, STOCK_LABEL_0013)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS stock_label_changed ON stock_level")
        op.execute("DROP FUNCTION IF EXISTS stock_label_changed()")
        return
    for operation in STOCK_LABEL_0013:
        op.execute(f"DROP TRIGGER IF EXISTS stock_label_changed_{operation}")
