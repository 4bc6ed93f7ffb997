"""Accounts and the programme office: invitations, outlet staff, notifications, the audit log;
producers can be rejected with a reason and carry their registration document; certificates
remember who submitted them.

SQLite cannot alter a CHECK or add a foreign key in place, so the seller and
certificate tables are rebuilt there, and their catalog-version triggers
(migration 0004) are created again.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

from shop.catalog.version_triggers import restore_sqlite_triggers

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('pending', 'verified', 'suspended')"
NEW_STATUSES = "status IN ('pending', 'verified', 'rejected', 'suspended')"


def _id():
    return sa.Column("id", sa.Integer(), nullable=False)


def _created_at(name="created_at"):
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _user_fk(column, table):
    return sa.ForeignKeyConstraint([column], ["user.id"], name=op.f(f"fk_{table}_{column}_user"))


def upgrade():
    op.create_table(
        "audit_entry", _id(), _created_at("at"),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject_type", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("subject_label", sa.String(300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        _user_fk("actor_id", "audit_entry"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")))
    op.create_index("ix_audit_entry_subject", "audit_entry", ["subject_type", "subject_id"])
    op.create_table(
        "notification", _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sa.String(300), nullable=True),
        sa.Column("key", sa.String(120), nullable=True),
        _created_at(),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        _user_fk("user_id", "notification"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("user_id", "key", name="uq_notification_user_id"))
    op.create_index("ix_notification_user_unread", "notification", ["user_id", "read_at"])
    op.create_table(
        "seller_invitation", _id(),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        _created_at(),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        _user_fk("invited_by_id", "seller_invitation"),
        sa.ForeignKeyConstraint(["seller_id"], ["seller.id"], name=op.f("fk_seller_invitation_seller_id_seller")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seller_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_seller_invitation_token_hash")))
    op.create_index(op.f("ix_seller_invitation_seller_id"), "seller_invitation", ["seller_id"])
    op.create_table(
        "outlet_staff", _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["location_id"], ["location.id"], name=op.f("fk_outlet_staff_location_id_location")),
        _user_fk("user_id", "outlet_staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlet_staff")),
        sa.UniqueConstraint("user_id", "location_id", name="uq_outlet_staff_user_location"))
    with op.batch_alter_table("certificate") as batch:
        batch.add_column(sa.Column("submitted_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_certificate_submitted_by_id_user"), "user", ["submitted_by_id"], ["id"])
    with op.batch_alter_table("seller") as batch:
        batch.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("registration_document", sa.String(200), nullable=True))
        batch.drop_constraint(op.f("ck_seller_status"), type_="check")
        batch.create_check_constraint("status", sa.text(NEW_STATUSES))
    restore_sqlite_triggers(op, ("seller", "certificate"))


def downgrade():
    op.execute("UPDATE seller SET status = 'pending' WHERE status = 'rejected'")
    with op.batch_alter_table("seller") as batch:
        batch.drop_constraint(op.f("ck_seller_status"), type_="check")
        batch.create_check_constraint("status", sa.text(OLD_STATUSES))
        batch.drop_column("registration_document")
        batch.drop_column("status_reason")
    with op.batch_alter_table("certificate") as batch:
        batch.drop_constraint(op.f("fk_certificate_submitted_by_id_user"), type_="foreignkey")
        batch.drop_column("submitted_by_id")
    restore_sqlite_triggers(op, ("seller", "certificate"))
    op.drop_table("outlet_staff")
    op.drop_index(op.f("ix_seller_invitation_seller_id"), table_name="seller_invitation")
    op.drop_table("seller_invitation")
    op.drop_index("ix_notification_user_unread", table_name="notification")
    op.drop_table("notification")
    op.drop_index("ix_audit_entry_subject", table_name="audit_entry")
    op.drop_table("audit_entry")

