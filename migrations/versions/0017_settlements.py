"""Consignment settlements: outlets' commission rates (with overrides per producer) and paid settlements, their
figures frozen.

Revision ID: 0017
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")
FIGURES = ("opening", "received", "sold", "returned", "lost", "closing")


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade():
    op.create_table(
        "commission_rate", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=True),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.CheckConstraint("rate_bp >= 0 AND rate_bp <= 10000", name=op.f("ck_commission_rate_rate_range")),
        _fk("commission_rate", "location_id", "location"), _fk("commission_rate", "seller_id", "seller"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_rate")),
        sa.UniqueConstraint("location_id", "seller_id", name="uq_commission_rate_location_seller"))
    op.create_index("uq_commission_rate_outlet", "commission_rate", ["location_id"], unique=True,
                    sqlite_where=sa.text("seller_id IS NULL"), postgresql_where=sa.text("seller_id IS NULL"))
    op.create_table(
        "settlement", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("after_movement_id", sa.Integer(), nullable=False),
        sa.Column("through_movement_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in FIGURES),
        sa.Column("sales_vnd", sa.BigInteger(), nullable=False),
        sa.Column("commission_bp", sa.Integer(), nullable=False),
        sa.Column("commission_vnd", sa.BigInteger(), nullable=False),
        sa.Column("owed_vnd", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("paid_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("through_movement_id > after_movement_id", name=op.f("ck_settlement_period_not_empty")),
        sa.CheckConstraint("owed_vnd = sales_vnd - commission_vnd",
                           name=op.f("ck_settlement_owed_is_sales_less_commission")),
        _fk("settlement", "location_id", "location"), _fk("settlement", "seller_id", "seller"),
        _fk("settlement", "paid_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement")),
        sa.UniqueConstraint("number", name=op.f("uq_settlement_number")),
        sa.UniqueConstraint("location_id", "seller_id", "after_movement_id", name="uq_settlement_period"))
    op.create_index(op.f("ix_settlement_seller_id"), "settlement", ["seller_id"])


def downgrade():
    op.drop_index(op.f("ix_settlement_seller_id"), table_name="settlement")
    op.drop_table("settlement")
    op.drop_index("uq_commission_rate_outlet", table_name="commission_rate")
    op.drop_table("commission_rate")
