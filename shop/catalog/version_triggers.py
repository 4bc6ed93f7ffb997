"""What the catalog-version triggers (migrations 0004, 0013, 0026) share; SQLite's, for migrations that rebuild a table.

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
    _create_sqlite_triggers(op, "catalog_changed", tables, SQLITE_BUMP)


def _create_sqlite_triggers(op, name: str, tables, body: str) -> None:
    """SQLite: a trigger `name`_<table>_<operation> running `body` after every write to each of `tables`."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in tables:
        for operation in SQLITE_OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}_{table}_{operation.lower()}")
            op.execute(f"CREATE TRIGGER {name}_{table}_{operation.lower()} AFTER {operation} ON {table} "
                       f"BEGIN {body}; END")


def label(free: str, product_id: str) -> str:
    """SQL: 0 sold out, 1 low, 2 plenty, for `free` units of the product `product_id`."""
    return (f"CASE WHEN {free} <= 0 THEN 0 WHEN {free} <= (SELECT low_stock_at FROM product "
            f"WHERE id = {product_id}) THEN 1 ELSE 2 END")


def free(row: str) -> str:
    """SQL: the free units (on hand less reserved) of the stock level `row` (OLD or NEW)."""
    return f"({row}.on_hand - {row}.reserved)"


def stock_label(row: str) -> str:
    """SQL: the label of the stock level `row` (OLD or NEW) alone, as migration 0013 judged it."""
    return label(free(row), f"{row}.product_id")


def at_warehouse(row: str) -> str:
    """SQL: is the stock level `row` (OLD or NEW) at a producer's warehouse?"""
    return f"(SELECT kind FROM location WHERE id = {row}.location_id) = 'warehouse'"


def total_moved(row: str, undo: str) -> str:
    """SQL: does the product's total of free units at `row`'s location (every batch) change label, the total
    before the change being the total now plus `undo`?"""
    now = (f"(SELECT coalesce(sum(on_hand - reserved), 0) FROM stock_level "
           f"WHERE location_id = {row}.location_id AND product_id = {row}.product_id)")
    return f"{label(f'({now} {undo})', f'{row}.product_id')} <> {label(now, f'{row}.product_id')}"


STOCK_LABEL_0013 = {  # operation: when its row changes what a card says (no row at all reads as sold out)
    "insert": f"{stock_label('NEW')} <> 0 AND {at_warehouse('NEW')}",
    "update": f"{stock_label('OLD')} <> {stock_label('NEW')} AND {at_warehouse('NEW')}",
    "delete": f"{stock_label('OLD')} <> 0 AND {at_warehouse('OLD')}",
}
# Deferred to commit like 0004's triggers, with the same once-per-transaction bump.
POSTGRES_STOCK_LABEL_0013 = f"""
CREATE OR REPLACE FUNCTION stock_label_changed() RETURNS trigger AS $$
DECLARE
    before integer := 0;
    after integer := 0;
    warehouse boolean;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        before := {stock_label('OLD')};
        warehouse := {at_warehouse('OLD')};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        after := {stock_label('NEW')};
        warehouse := {at_warehouse('NEW')};
    END IF;
    IF warehouse AND before <> after THEN{POSTGRES_BUMP}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
# Since 0026: a product held in batches has several levels at its warehouse, and a card speaks of their total.
STOCK_LABEL = {
    "insert": f"{at_warehouse('NEW')} AND {total_moved('NEW', '- ' + free('NEW'))}",
    "update": f"{at_warehouse('NEW')} AND {total_moved('NEW', '- ' + free('NEW') + ' + ' + free('OLD'))}",
    "delete": f"{at_warehouse('OLD')} AND {total_moved('OLD', '+ ' + free('OLD'))}",
}


def create_sqlite_stock_label_triggers(op, conditions=None) -> None:
    """SQLite: the stock-label triggers of `stock_level` (the current ones, or 0013's `conditions`), created
    (again, after a rebuild)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for operation, condition in (conditions or STOCK_LABEL).items():
        op.execute(f"DROP TRIGGER IF EXISTS stock_label_changed_{operation}")
        op.execute(f"CREATE TRIGGER stock_label_changed_{operation} AFTER {operation.upper()} ON stock_level "
                   f"WHEN {condition} BEGIN {SQLITE_BUMP}; END")


# SQLite has no LISTEN/NOTIFY (migration 0028): a write to what a product page's live parts show — units, batches,
# outlets — counts up `catalog_state.stock_version` instead, and a worker keeps those parts while it stands.
STOCK_TABLES = ("stock_level", "batch", "location")
SQLITE_STOCK_BUMP = "UPDATE catalog_state SET stock_version = stock_version + 1 WHERE id = 1"


def create_sqlite_stock_version_triggers(op) -> None:
    """SQLite: the triggers counting up the stock version on every write to STOCK_TABLES, created (again, after
    a rebuild of one of them)."""
    _create_sqlite_triggers(op, "stock_changed", STOCK_TABLES, SQLITE_STOCK_BUMP)
