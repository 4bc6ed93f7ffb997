"""Producers' enterprise size and the sales channels they declare, and the day a certificate was revoked (the
KPIs count a revoked certificate until that day).

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SIZES = "enterprise_size IS NULL OR enterprise_size IN ('micro', 'small', 'medium', 'large')"
CHANNELS = "channel IN ('supermarket', 'ecommerce', 'website', 'facebook', 'zalo', 'export')"


def upgrade():
    with op.batch_alter_table("seller") as batch:
        batch.add_column(sa.Column("enterprise_size", sa.String(length=10), nullable=True))
        batch.create_check_constraint("enterprise_size", sa.text(SIZES))
    with op.batch_alter_table("certificate") as batch:
        batch.add_column(sa.Column("revoked_on", sa.Date(), nullable=True))
    op.create_table(
        "seller_channel", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.CheckConstraint(CHANNELS, name=op.f("ck_seller_channel_channel")),
        sa.ForeignKeyConstraint(["seller_id"], ["seller.id"], name=op.f("fk_seller_channel_seller_id_seller")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seller_channel")),
        sa.UniqueConstraint("seller_id", "channel", name="uq_seller_channel_seller_channel"))


def downgrade():
    op.drop_table("seller_channel")
    with op.batch_alter_table("certificate") as batch:
        batch.drop_column("revoked_on")
    with op.batch_alter_table("seller") as batch:
        batch.drop_constraint(op.f("ck_seller_enterprise_size"), type_="check")
        batch.drop_column("enterprise_size")
