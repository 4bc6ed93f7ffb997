"""Consignment transfers: a producer's units sent from its warehouse to OCOP outlets, returned from them, or
requested by them; each with its lines and its history. The ledger learns one more reason: a loss (units
sent that did not arrive).

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

STATES = "state IN ('requested', 'draft', 'sent', 'received', 'cancelled')"
REASONS = "reason IN ('receipt', 'import', 'sale', 'order', 'release', 'transfer', 'count', 'return'{})"
NOW = sa.text("(CURRENT_TIMESTAMP)")


def _id():
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade():
    op.create_table(
        "transfer", _id(),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("destination_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint(STATES, name=op.f("ck_transfer_state")),
        sa.CheckConstraint("source_id <> destination_id", name=op.f("ck_transfer_two_places")),
        _fk("transfer", "destination_id", "location"), _fk("transfer", "seller_id", "seller"),
        _fk("transfer", "source_id", "location"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer")),
        sa.UniqueConstraint("number", name=op.f("uq_transfer_number")))
    for column in ("destination_id", "seller_id", "source_id"):
        op.create_index(op.f(f"ix_transfer_{column}"), "transfer", [column])
    op.create_table(
        "transfer_event", _id(),
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint(STATES, name=op.f("ck_transfer_event_state")),
        _fk("transfer_event", "transfer_id", "transfer"), _fk("transfer_event", "user_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_event")))
    op.create_index(op.f("ix_transfer_event_transfer_id"), "transfer_event", ["transfer_id"])
    op.create_table(
        "transfer_line", _id(),
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_transfer_line_quantity_positive")),
        sa.CheckConstraint("received IS NULL OR (received >= 0 AND received <= quantity)",
                           name=op.f("ck_transfer_line_received_range")),
        _fk("transfer_line", "product_id", "product"), _fk("transfer_line", "transfer_id", "transfer"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_line")),
        sa.UniqueConstraint("transfer_id", "product_id", name="uq_transfer_line_transfer_product"))
    op.create_index(op.f("ix_transfer_line_product_id"), "transfer_line", ["product_id"])
    _ledger_reasons(REASONS.format(", 'loss'"))


def downgrade():
    _ledger_reasons(REASONS.format(""))
    op.drop_table("transfer_line")
    op.drop_table("transfer_event")
    op.drop_table("transfer")


def _ledger_reasons(check: str) -> None:
    """Replace the ledger's CHECK on reasons (SQLite copies the table: its partial receipt index is made again)."""
    with op.batch_alter_table("stock_movement") as batch:
        batch.drop_constraint(op.f("ck_stock_movement_reason"), type_="check")
        batch.create_check_constraint("reason", sa.text(check))
    if op.get_bind().dialect.name == "sqlite":
        receipt = sa.text("reason = 'receipt' AND reference IS NOT NULL")
        op.execute("DROP INDEX IF EXISTS uq_stock_movement_receipt")
        op.create_index("uq_stock_movement_receipt", "stock_movement", ["product_id", "reference"], unique=True,
                        sqlite_where=receipt)
