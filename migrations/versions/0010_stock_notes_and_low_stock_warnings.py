"""Ledger rows carry a note (why units were counted differently, or received); products carry the
available units at which their producer is warned of low stock (5 unless the producer says otherwise);
a producer has at most one warehouse, and a receipt form is counted once.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("stock_movement", sa.Column("note", sa.String(length=300), nullable=True))
    op.add_column("product", sa.Column("low_stock_at", sa.Integer(), server_default="5", nullable=False))
    # One warehouse per producer: two first receipts at once must not open two (units in one would be unseen).
    op.create_index("uq_location_one_warehouse", "location", ["seller_id"], unique=True,
                    sqlite_where=sa.text("kind = 'warehouse'"), postgresql_where=sa.text("kind = 'warehouse'"))
    # A receipt form carries its own reference: sent twice (a double tap), its units are counted once.
    receipt = sa.text("reason = 'receipt' AND reference IS NOT NULL")
    op.create_index("uq_stock_movement_receipt", "stock_movement", ["product_id", "reference"], unique=True,
                    sqlite_where=receipt, postgresql_where=receipt)


def downgrade():
    # Plain ALTER TABLE, on SQLite too (3.35+): a batch copy of `product` would lose its triggers (0004).
    op.drop_index("uq_stock_movement_receipt", table_name="stock_movement")
    op.drop_index("uq_location_one_warehouse", table_name="location")
    op.execute("ALTER TABLE product DROP COLUMN low_stock_at")
    op.execute("ALTER TABLE stock_movement DROP COLUMN note")
