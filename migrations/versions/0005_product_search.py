"""Search documents for the PostgreSQL full-text backend: unaccent, a tsvector per product, a GIN index.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.create_table(
        "product_search",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text().with_variant(TSVECTOR(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], name=op.f("fk_product_search_product_id_product"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_product_search")),
    )
    if postgres:
        op.execute("CREATE INDEX ix_product_search_document ON product_search USING gin (document)")


def downgrade():
    op.drop_table("product_search")
