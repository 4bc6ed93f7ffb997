"""Counter sales at OCOP outlets: sales (receipts) and their lines; an outlet's own price per product on its
stock level; an outlet's bank account for VietQR payments; a product the office marks as a non-OCOP local
speciality.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")
BANK = (("bank_bin", 6), ("bank_account", 19), ("bank_account_name", 70))


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade():
    op.add_column("product", sa.Column("local_speciality", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.add_column("stock_level", sa.Column("price_vnd", sa.Integer(), nullable=True))
    for name, length in BANK:
        op.add_column("location", sa.Column(name, sa.String(length=length), nullable=True))
    op.create_table(
        "sale", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("payment", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("total_vnd", sa.Integer(), nullable=False),
        sa.Column("sold_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.String(length=300), nullable=True),
        sa.CheckConstraint("payment IN ('cash', 'transfer')", name=op.f("ck_sale_payment")),
        sa.CheckConstraint("state IN ('sold', 'voided')", name=op.f("ck_sale_state")),
        sa.CheckConstraint("total_vnd >= 0", name=op.f("ck_sale_total_not_negative")),
        sa.CheckConstraint("state = 'sold' OR void_reason IS NOT NULL", name=op.f("ck_sale_void_has_reason")),
        _fk("sale", "location_id", "location"), _fk("sale", "user_id", "user"), _fk("sale", "voided_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale")),
        sa.UniqueConstraint("number", name=op.f("uq_sale_number")))
    op.create_index("ix_sale_location_created", "sale", ["location_id", "created_at"])
    op.create_table(
        "sale_line", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("product_name", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_vnd", sa.Integer(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=True),
        sa.Column("speciality", sa.Boolean(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_sale_line_quantity_positive")),
        sa.CheckConstraint("unit_price_vnd > 0", name=op.f("ck_sale_line_price_positive")),
        sa.CheckConstraint("NOT speciality OR stars IS NULL", name=op.f("ck_sale_line_speciality_has_no_stars")),
        _fk("sale_line", "product_id", "product"), _fk("sale_line", "sale_id", "sale"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale_line")),
        sa.UniqueConstraint("sale_id", "product_id", name="uq_sale_line_sale_product"))
    op.create_index(op.f("ix_sale_line_product_id"), "sale_line", ["product_id"])


def downgrade():
    op.drop_table("sale_line")
    op.drop_table("sale")
    # Plain ALTER TABLE, on SQLite too (3.35+), as 0010 and 0011 do.
    for name, _length in reversed(BANK):
        op.execute(f"ALTER TABLE location DROP COLUMN {name}")
    op.execute("ALTER TABLE stock_level DROP COLUMN price_vnd")
    op.execute("ALTER TABLE product DROP COLUMN local_speciality")
