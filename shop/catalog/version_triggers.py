"""What the catalog-version triggers (migrations 0004, 0013) share; SQLite's, for migrations that rebuild a table.

SQLite cannot alter a CHECK or add a foreign key in place: Alembic's batch mode
copies the table into a new one, and the copy has no triggers. Migrations that
rebuild a catalog table call `restore_sqlite_triggers` afterwards.
"""
SQLITE_OPERATIONS = ("INSERT", "UPDATE", "DELETE")
SQLITE_BUMP = "UPDATE catalog_state SET version = abs(random()) WHERE id = 1"
# The body of each PostgreSQL trigger function. Row-level constraint triggers fire once per written row at commit;
# the transaction-local setting makes only the first one write, so a bulk import does one update, not thousands.
POSTGRES_BUMP = """
        IF current_setting('ocop.catalog_changed', true) IS DISTINCT FROM 'yes' THEN
            UPDATE catalog_state SET version = floor(random() * 9007199254740991)::bigint WHERE id = 1;
            PERFORM set_config('ocop.catalog_changed', 'yes', true);
        END IF;"""


def restore_sqlite_triggers(op, tables) -> None:
    """Create the catalog-version triggers of `tables` again (SQLite only; PostgreSQL keeps its own)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in tables:
        for operation in SQLITE_OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS catalog_changed_{table}_{operation.lower()}")
            op.execute(f"CREATE TRIGGER catalog_changed_{table}_{operation.lower()} AFTER {operation} ON {table} "
                       f"BEGIN {SQLITE_BUMP}; END")


def stock_label(row: str) -> str:
    """SQL: 0 sold out, 1 low, 2 plenty, for the stock level `row` (OLD or NEW)."""
    free = f"{row}.on_hand - {row}.reserved"
    return (f"CASE WHEN {free} <= 0 THEN 0 WHEN {free} <= (SELECT low_stock_at FROM product "
            f"WHERE id = {row}.product_id) THEN 1 ELSE 2 END")


def at_warehouse(row: str) -> str:
    """SQL: is the stock level `row` (OLD or NEW) at a producer's warehouse?"""
    return f"(SELECT kind FROM location WHERE id = {row}.location_id) = 'warehouse'"


STOCK_LABEL_SQLITE = {  # operation: when its row changes what a card says (no row at all reads as sold out)
    "insert": f"{stock_label('NEW')} <> 0 AND {at_warehouse('NEW')}",
    "update": f"{stock_label('OLD')} <> {stock_label('NEW')} AND {at_warehouse('NEW')}",
    "delete": f"{stock_label('OLD')} <> 0 AND {at_warehouse('OLD')}",
}


def create_sqlite_stock_label_triggers(op) -> None:
    """SQLite: the stock-label triggers of `stock_level` (migration 0013), created (again, after a rebuild)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for operation, condition in STOCK_LABEL_SQLITE.items():
        op.execute(f"DROP TRIGGER IF EXISTS stock_label_changed_{operation}")
        op.execute(f"CREATE TRIGGER stock_label_changed_{operation} AFTER {operation.upper()} ON stock_level "
                   f"WHEN {condition} BEGIN {SQLITE_BUMP}; END")
