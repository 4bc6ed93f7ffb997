"""Batches (lô): a product's batches with their best-before, and stock levels, ledger rows and transfer lines that
may name one (NULL: no batch, every row before this). One level per (location, product, batch), the no-batch one
included: two partial unique indexes, the same on SQLite and PostgreSQL. A pull alert may be raised because a
batch held at an outlet is past its best-before (kind best_before).

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

from shop.catalog.version_triggers import STOCK_LABEL_0013, create_sqlite_stock_label_triggers

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

NO_BATCH = sa.text("batch_id IS NULL")
A_BATCH = sa.text("batch_id IS NOT NULL")
# Each table's unique key gains the batch: (its table, the old key's columns, the old key's name).
KINDS = "kind IN ('expired', 'revoked', 'downgraded', 'expiring'{})"
KEYS = (("stock_level", ["location_id", "product_id"], "uq_stock_level_location_product"),
        ("transfer_line", ["transfer_id", "product_id"], "uq_transfer_line_transfer_product"))


def upgrade():
    op.create_table(
        "batch", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("produced_on", sa.Date(), nullable=False),
        sa.Column("best_before", sa.Date(), nullable=False),
        sa.CheckConstraint("best_before > produced_on", name=op.f("ck_batch_best_before_after_production")),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], name=op.f("fk_batch_product_id_product")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch")),
        sa.UniqueConstraint("product_id", "code", name=op.f("uq_batch_product_code")))
    for table in ("stock_level", "stock_movement", "transfer_line"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(op.f(f"fk_{table}_batch_id_batch"), "batch", ["batch_id"], ["id"])
    for table, columns, name in KEYS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(name, type_="unique")
        op.create_index(name, table, columns, unique=True, sqlite_where=NO_BATCH, postgresql_where=NO_BATCH)
        op.create_index(f"{name}_batch", table, [*columns, "batch_id"], unique=True,
                        sqlite_where=A_BATCH, postgresql_where=A_BATCH)
    create_sqlite_stock_label_triggers(op, STOCK_LABEL_0013)  # SQLite's rebuilt stock_level lost them
    _alert_kinds(", 'best_before'")


def _alert_kinds(more: str) -> None:
    """A pull alert's kinds: the certificate's four, and `more`."""
    with op.batch_alter_table("pull_alert") as batch_op:
        batch_op.drop_constraint(op.f("ck_pull_alert_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_pull_alert_kind"), sa.text(KINDS.format(more)))


def downgrade():
    op.execute("UPDATE pull_alert SET kind = 'expired' WHERE kind = 'best_before'")
    _alert_kinds("")
    for table, _columns, name in KEYS:
        op.drop_index(f"{name}_batch", table_name=table)
        op.drop_index(name, table_name=table)
    for table in ("transfer_line", "stock_movement", "stock_level"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"fk_{table}_batch_id_batch"), type_="foreignkey")
            batch_op.drop_column("batch_id")
    for table, columns, name in KEYS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_unique_constraint(name, columns)
    create_sqlite_stock_label_triggers(op, STOCK_LABEL_0013)
    op.drop_table("batch")
