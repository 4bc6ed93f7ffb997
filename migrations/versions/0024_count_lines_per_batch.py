"""Outlet counts per batch: a count line may name the batch it counted (NULL: the units of no batch, every line
before this); one line per (count, product, batch), the no-batch one included, as for stock levels.

Revision ID: 0024
Revises: 0023
"""
import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

NAME = "uq_stock_count_line_count_product"
COLUMNS = ["count_id", "product_id"]
NO_BATCH = sa.text("batch_id IS NULL")
A_BATCH = sa.text("batch_id IS NOT NULL")


def upgrade():
    with op.batch_alter_table("stock_count_line") as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_stock_count_line_batch_id_batch"), "batch", ["batch_id"], ["id"])
        batch_op.drop_constraint(NAME, type_="unique")
    op.create_index(NAME, "stock_count_line", COLUMNS, unique=True, sqlite_where=NO_BATCH, postgresql_where=NO_BATCH)
    op.create_index(f"{NAME}_batch", "stock_count_line", [*COLUMNS, "batch_id"], unique=True,
                    sqlite_where=A_BATCH, postgresql_where=A_BATCH)


def downgrade():
    op.execute("DELETE FROM stock_count_line WHERE batch_id IS NOT NULL")  # a whole-product count cannot hold them
    op.drop_index(f"{NAME}_batch", table_name="stock_count_line")
    op.drop_index(NAME, table_name="stock_count_line")
    with op.batch_alter_table("stock_count_line") as batch_op:
        batch_op.drop_constraint(op.f("fk_stock_count_line_batch_id_batch"), type_="foreignkey")
        batch_op.drop_column("batch_id")
        batch_op.create_unique_constraint(NAME, COLUMNS)
