"""Values written into a statement's text rather than bound to it, where the database plans better for it."""
from sqlalchemy import String, literal_column


def constant(value: str):
    """`value`, a constant of the code, written into the SQL: for a comparison with a column that a partial index
    filters on (`location.kind`, `stock_count.state`).

    SQLite plans a statement once and keeps the plan, except that a bound value compared with the column of a
    partial index's WHERE makes it plan the statement again at every execution (whether the index applies depends
    on the value): the cart's read took 140 µs that way, 21 µs with the value written in. A PostgreSQL plan kept
    for any value cannot use such an index either.
    """
    return literal_column("'" + value.replace("'", "''") + "'", String)
