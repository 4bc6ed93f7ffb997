"""The programme office's KPI targets per province and year (the plans' defaults stand where none is saved).

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")


def upgrade():
    op.create_table(
        "kpi_target", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("year BETWEEN 2015 AND 2100", name=op.f("ck_kpi_target_year")),
        sa.CheckConstraint("value >= 0", name=op.f("ck_kpi_target_value")),
        sa.ForeignKeyConstraint(["set_by_id"], ["user.id"], name=op.f("fk_kpi_target_set_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_target")),
        sa.UniqueConstraint("province", "year", "kpi", name="uq_kpi_target_province_year_kpi"))


def downgrade():
    op.drop_table("kpi_target")
