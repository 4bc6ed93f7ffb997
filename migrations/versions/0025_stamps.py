"""Serial electronic stamps (tem điện tử): stamp orders for a batch, their stamps with unguessable serials (voided
when a sheet is lost), and each check of a stamp (when, the province chosen, a rough region, a hash of who).

Revision ID: 0025
Revises: 0024
"""
import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stamp_order", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ordered_by", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_stamp_order_quantity_positive")),
        sa.ForeignKeyConstraint(["batch_id"], ["batch.id"], name=op.f("fk_stamp_order_batch_id_batch")),
        sa.ForeignKeyConstraint(["ordered_by"], ["user.id"], name=op.f("fk_stamp_order_ordered_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stamp_order")))
    op.create_index(op.f("ix_stamp_order_batch_id"), "stamp_order", ["batch_id"])
    op.create_table(
        "stamp", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=16), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("void_reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["batch.id"], name=op.f("fk_stamp_batch_id_batch")),
        sa.ForeignKeyConstraint(["order_id"], ["stamp_order.id"], name=op.f("fk_stamp_order_id_stamp_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stamp")),
        sa.UniqueConstraint("serial", name=op.f("uq_stamp_serial")))
    op.create_index(op.f("ix_stamp_order_id"), "stamp", ["order_id"])
    op.create_index(op.f("ix_stamp_batch_id"), "stamp", ["batch_id"])
    op.create_table(
        "stamp_check", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stamp_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("province", sa.String(length=60), nullable=True),
        sa.Column("ip_region", sa.String(length=60), nullable=True),
        sa.Column("visitor", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["stamp_id"], ["stamp.id"], name=op.f("fk_stamp_check_stamp_id_stamp")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stamp_check")))
    op.create_index("ix_stamp_check_stamp_at", "stamp_check", ["stamp_id", "at"])


def downgrade():
    op.drop_table("stamp_check")
    op.drop_table("stamp")
    op.drop_table("stamp_order")
