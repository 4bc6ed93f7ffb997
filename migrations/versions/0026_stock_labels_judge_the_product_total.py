"""A card's "Còn ít" / "Hết hàng" speaks of the product's total at its producer's warehouse, over every batch.

With batches (0022) a product has one stock level per batch at the warehouse,
and 0013's triggers judged each level alone: two batches of 10 with a warning
at 15 read as plenty, yet selling 6 of one left a "plenty" card cached over 14
units. The triggers now compare the label of the product's total free units
there before and after each written row (the total before being the total now
less the row's new free units plus its old ones).

On PostgreSQL 0013's trigger is deferred to commit, when every row of the
transaction is already written, so the total before one row's change is no
longer known there. An immediate row trigger (`stock_label_moved`) judges the
change as it happens and marks the transaction; the deferred one bumps the
version at commit if it is marked, so writers still lock catalog_state only at
the very end.

Revision ID: 0026
Revises: 0025
"""
from alembic import op

from shop.catalog.version_triggers import (
    POSTGRES_BUMP,
    POSTGRES_STOCK_LABEL_0013,
    STOCK_LABEL,
    STOCK_LABEL_0013,
    create_sqlite_stock_label_triggers,
)

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

POSTGRES_MOVED = f"""
CREATE OR REPLACE FUNCTION stock_label_moved() RETURNS trigger AS $$
DECLARE
    moved boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        moved := {STOCK_LABEL['insert']};
    ELSIF TG_OP = 'UPDATE' THEN
        moved := {STOCK_LABEL['update']};
    ELSE
        moved := {STOCK_LABEL['delete']};
    END IF;
    IF moved THEN
        PERFORM set_config('ocop.stock_label_moved', 'yes', true);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
POSTGRES_CHANGED = f"""
CREATE OR REPLACE FUNCTION stock_label_changed() RETURNS trigger AS $$
BEGIN
    IF current_setting('ocop.stock_label_moved', true) = 'yes' THEN{POSTGRES_BUMP}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_MOVED)
        op.execute("CREATE TRIGGER stock_label_moved AFTER INSERT OR UPDATE OR DELETE ON stock_level "
                   "FOR EACH ROW EXECUTE FUNCTION stock_label_moved()")
        op.execute(POSTGRES_CHANGED)
        return
    create_sqlite_stock_label_triggers(op)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS stock_label_moved ON stock_level")
        op.execute("DROP FUNCTION IF EXISTS stock_label_moved()")
        op.execute(POSTGRES_STOCK_LABEL_0013)
        return
    create_sqlite_stock_label_triggers(op, STOCK_LABEL_0013)
