"""Database triggers change the catalog version on every write to a catalog table.

Session events missed raw SQL, connection-level statements and bulk mappings
(found in review); triggers see every write, whoever makes it. The version
becomes a random token rather than a counter, so a restored backup or a
downgrade can never bring back a number that cached pages were keyed by.
On PostgreSQL the trigger is deferred to commit, so the one catalog_state row
is locked only at the very end of a transaction (no deadlocks between writers).

Revision ID: 0004
Revises: 0003
"""
from alembic import op

from shop.catalog.version_triggers import POSTGRES_BUMP, SQLITE_BUMP

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("product", "certificate", "seller", "product_group")
SQLITE_OPERATIONS = ("INSERT", "UPDATE", "DELETE")
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION catalog_changed() RETURNS trigger AS $$
BEGIN{POSTGRES_BUMP}
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            op.execute(f"CREATE CONSTRAINT TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_changed()")
        return
    for table in TABLES:
        for operation in SQLITE_OPERATIONS:
            op.execute(f"CREATE TRIGGER catalog_changed_{table}_{operation.lower()} AFTER {operation} ON {table} "
                       f"BEGIN {SQLITE_BUMP}; END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS catalog_changed ON {table}")
        op.execute("DROP FUNCTION IF EXISTS catalog_changed()")
        return
    for table in TABLES:
        for operation in SQLITE_OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS catalog_changed_{table}_{operation.lower()}")
