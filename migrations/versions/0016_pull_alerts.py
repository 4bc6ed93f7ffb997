"""Pull alerts: an outlet holding units of a product whose certificate expired, was revoked, was superseded
below 3★ or expires within 30 days is told to return them; at most one open alert per outlet and product.

Revision ID: 0016
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")
OPEN = sa.text("closed_at IS NULL")


def _fk(column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_pull_alert_{column}_{target}"))


def upgrade():
    op.create_table(
        "pull_alert", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=12), nullable=True),
        sa.CheckConstraint("kind IN ('expired', 'revoked', 'downgraded', 'expiring')", name=op.f("ck_pull_alert_kind")),
        sa.CheckConstraint("closed_by IS NULL OR closed_by IN ('returned', 'recertified')",
                           name=op.f("ck_pull_alert_closed_by")),
        sa.CheckConstraint("(closed_at IS NULL) = (closed_by IS NULL)", name=op.f("ck_pull_alert_closed_with_reason")),
        _fk("location_id", "location"), _fk("product_id", "product"), _fk("certificate_id", "certificate"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pull_alert")))
    op.create_index(op.f("ix_pull_alert_product_id"), "pull_alert", ["product_id"])
    op.create_index("uq_pull_alert_open", "pull_alert", ["location_id", "product_id"], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade():
    op.drop_table("pull_alert")
