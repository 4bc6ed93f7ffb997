"""Stock counts at OCOP outlets (a count and its lines; one open count per outlet), and an outlet's minimum
per product on its stock level (below it, the outlet is prompted to ask the producer for more).

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")
OPEN = sa.text("state = 'open'")


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade():
    # Plain ADD COLUMN with an inline CHECK (SQLite cannot add a constraint to an existing table).
    op.add_column("stock_level", sa.Column("minimum", sa.Integer(), sa.CheckConstraint(
        "minimum IS NULL OR minimum > 0", name=op.f("ck_stock_level_minimum_positive")), nullable=True))
    op.create_table(
        "stock_count", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("finished_by_id", sa.Integer(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('open', 'finished')", name=op.f("ck_stock_count_state")),
        sa.CheckConstraint("state = 'open' OR finished_at IS NOT NULL",
                           name=op.f("ck_stock_count_finished_has_time")),
        _fk("stock_count", "location_id", "location"), _fk("stock_count", "started_by_id", "user"),
        _fk("stock_count", "finished_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_count")))
    op.create_index("uq_stock_count_one_open", "stock_count", ["location_id"], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index("ix_stock_count_location_started", "stock_count", ["location_id", "started_at"])
    op.create_table(
        "stock_count_line", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("counted_by_id", sa.Integer(), nullable=True),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("expected >= 0", name=op.f("ck_stock_count_line_expected_not_negative")),
        sa.CheckConstraint("counted >= 0", name=op.f("ck_stock_count_line_counted_not_negative")),
        _fk("stock_count_line", "count_id", "stock_count"), _fk("stock_count_line", "product_id", "product"),
        _fk("stock_count_line", "counted_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_count_line")),
        sa.UniqueConstraint("count_id", "product_id", name="uq_stock_count_line_count_product"))


def downgrade():
    op.drop_table("stock_count_line")
    op.drop_table("stock_count")
    # Batch mode: since 0022 copied the table on SQLite, the column's CHECK is the table's and goes first.
    with op.batch_alter_table("stock_level") as batch_op:
        batch_op.drop_constraint(op.f("ck_stock_level_minimum_positive"), type_="check")
        batch_op.drop_column("minimum")
