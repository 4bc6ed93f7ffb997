"""Search rows carry what the listing filters by, and exist only for indexable products.

The PostgreSQL backend then filters and ranks a search in `product_search` alone.
The table is recreated empty: `flask --app wsgi search reindex --if-missing`
(run by `make run`) fills it again.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _create(*columns):
    op.create_table(
        "product_search",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text().with_variant(TSVECTOR(), "postgresql"), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], name=op.f("fk_product_search_product_id_product"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_product_search")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_product_search_document ON product_search USING gin (document)")


def upgrade():
    op.drop_table("product_search")
    _create(
        sa.Column("stars", sa.SmallInteger(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("subgroup_id", sa.Integer(), nullable=True),
        sa.Column("province", sa.String(length=60), nullable=False),
        sa.Column("owner_type", sa.String(length=20), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("price_vnd", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
    )


def downgrade():
    op.drop_table("product_search")
    _create()
