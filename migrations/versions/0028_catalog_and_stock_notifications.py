"""PostgreSQL tells each worker of a new catalog version and of products whose stock changed (LISTEN/NOTIFY).

A cached page read `catalog_state.version` at every request, and a cached
product page its units and outlets. Each worker now LISTENs on one connection
of its own (shop/catalog/version_watch.py): a new version is sent on the
channel `catalog_version` by a trigger on `catalog_state` (whatever wrote it:
the catalog triggers of 0004/0013/0026 or `touch_catalog_version`), and the id
of each product whose units or outlets may have changed on `product_stock` by
triggers on `stock_level` and `batch` (a batch's best-before decides whether its
units are sold); a write to `location` (an outlet renamed, a warehouse opened)
sends `*`, every product. PostgreSQL sends notifications when the writing
transaction commits, and only once per payload in a transaction. SQLite has no
listeners: nothing changes there.

Revision ID: 0028
Revises: 0027
"""
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

FUNCTIONS = {  # function: its body, NEW or OLD being the written row (PostgreSQL hands NULL for the missing one)
    "catalog_version_notify": "PERFORM pg_notify('catalog_version', NEW.version::text);",
    "product_stock_notify": "PERFORM pg_notify('product_stock', coalesce(NEW.product_id, OLD.product_id)::text);",
    "outlets_notify": "PERFORM pg_notify('product_stock', '*');",
}
TRIGGERS = {  # trigger: (its table, what fires it, its function)
    "catalog_version_notify": ("catalog_state", "UPDATE", "catalog_version_notify"),
    "stock_level_notify": ("stock_level", "INSERT OR UPDATE OR DELETE", "product_stock_notify"),
    "batch_notify": ("batch", "INSERT OR UPDATE OR DELETE", "product_stock_notify"),
    "location_notify": ("location", "INSERT OR UPDATE OR DELETE", "outlets_notify"),
}


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for function, body in FUNCTIONS.items():
        op.execute(f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN {body} RETURN NULL; END "
                   "$$ LANGUAGE plpgsql")
    for trigger, (table, events, function) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {trigger} AFTER {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for trigger, (table, _events, _function) in TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
