"""Official lists imported on the web (staged, previewed, then imported once) and the office's expiry reminders
sent by hand (at most once a day per certificate).

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade():
    op.create_table(
        "import_run", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("stored_as", sa.String(length=80), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created", sa.Integer(), nullable=True),
        sa.Column("updated", sa.Integer(), nullable=True),
        sa.Column("unchanged", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('staged', 'imported')", name=op.f("ck_import_run_status")),
        _fk("import_run", "uploaded_by_id", "user"), _fk("import_run", "imported_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_run")),
        sa.UniqueConstraint("token", name=op.f("uq_import_run_token")))
    op.create_index(op.f("ix_import_run_sha256"), "import_run", ["sha256"])
    op.create_table(
        "expiry_reminder", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        _fk("expiry_reminder", "certificate_id", "certificate"), _fk("expiry_reminder", "sent_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expiry_reminder")),
        sa.UniqueConstraint("certificate_id", "day", name="uq_expiry_reminder_certificate_day"))


def downgrade():
    op.drop_table("expiry_reminder")
    op.drop_index(op.f("ix_import_run_sha256"), table_name="import_run")
    op.drop_table("import_run")
