"""A product's GTIN-13 (EAN-13), unique where present: found at the counter and at /01/<gtin>.

Revision ID: 0021
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("product", sa.Column("gtin", sa.String(length=13), nullable=True))
    op.create_index(op.f("ix_product_gtin"), "product", ["gtin"], unique=True)  # NULLs may repeat


def downgrade():
    op.drop_index(op.f("ix_product_gtin"), table_name="product")
    op.execute("ALTER TABLE product DROP COLUMN gtin")  # SQLite 3.35+, like 0014's columns on product
