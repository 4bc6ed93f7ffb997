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

from shop.catalog.version_triggers import POSTGRES_BUMP, SQLITE_BUMP

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _label(row: str) -> str:
    """SQL: 0 sold out, 1 low, 2 plenty, for the stock level `row` (OLD or NEW)."""
    free = f"{row}.on_hand - {row}.reserved"
    return (f"CASE WHEN {free} <= 0 THEN 0 WHEN {free} <= (SELECT low_stock_at FROM product "
            f"WHERE id = {row}.product_id) THEN 1 ELSE 2 END")


def _at_warehouse(row: str) -> str:
    return f"(SELECT kind FROM location WHERE id = {row}.location_id) = 'warehouse'"


SQLITE_TRIGGERS = {  # operation: when its row changes what a card says (no row at all reads as sold out)
    "insert": f"{_label('NEW')} <> 0 AND {_at_warehouse('NEW')}",
    "update": f"{_label('OLD')} <> {_label('NEW')} AND {_at_warehouse('NEW')}",
    "delete": f"{_label('OLD')} <> 0 AND {_at_warehouse('OLD')}",
}
# Deferred to commit like 0004's triggers, with the same once-per-transaction bump.
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION stock_label_changed() RETURNS trigger AS $$
DECLARE
    before integer := 0;
    after integer := 0;
    warehouse boolean;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        before := {_label('OLD')};
        warehouse := {_at_warehouse('OLD')};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        after := {_label('NEW')};
        warehouse := {_at_warehouse('NEW')};
    END IF;
    IF warehouse AND before <> after THEN{POSTGRES_BUMP}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute("CREATE CONSTRAINT TRIGGER stock_label_changed AFTER INSERT OR UPDATE OR DELETE ON stock_level "
                   "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stock_label_changed()")
        return
    for operation, condition in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER stock_label_changed_{operation} AFTER {operation.upper()} ON stock_level "
                   f"WHEN {condition} BEGIN {SQLITE_BUMP}; END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS stock_label_changed ON stock_level")
        op.execute("DROP FUNCTION IF EXISTS stock_label_changed()")
        return
    for operation in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS stock_label_changed_{operation}")
