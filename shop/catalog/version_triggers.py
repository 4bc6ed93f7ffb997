"""SQLite's catalog-version triggers (created by migration 0004), for migrations that rebuild a table.

SQLite cannot alter a CHECK or add a foreign key in place: Alembic's batch mode
copies the table into a new one, and the copy has no triggers. Migrations that
rebuild a catalog table call `restore_sqlite_triggers` afterwards.
"""
SQLITE_OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def restore_sqlite_triggers(op, tables) -> None:
    """Create the catalog-version triggers of `tables` again (SQLite only; PostgreSQL keeps its own)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in tables:
        for operation in SQLITE_OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS catalog_changed_{table}_{operation.lower()}")
            op.execute(f"CREATE TRIGGER catalog_changed_{table}_{operation.lower()} AFTER {operation} ON {table} "
                       "BEGIN UPDATE catalog_state SET version = abs(random()) WHERE id = 1; END")
