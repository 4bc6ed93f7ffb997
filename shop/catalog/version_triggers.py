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
