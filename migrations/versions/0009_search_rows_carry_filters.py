"""Search rows carry what the listing filters by, and exist only for indexable products;
the backlog of products whose Whoosh documents are to be rewritten.

The PostgreSQL backend then filters and ranks a search in `product_search` alone.
The table is recreated and, on PostgreSQL, filled again here (in both directions),
with the document SQL of this revision written out: a migration must not follow
later changes of the application's code.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

# The product's words, as shop/search/postgres.py wrote them at this revision.
DOCUMENT = """
    setweight(to_tsvector('simple', unaccent(product.name)), 'A') ||
    setweight(to_tsvector('simple', unaccent(concat_ws(' ', seller.name, seller.province, seller.commune,
                                                     product_group.name, subgroup.name))), 'B') ||
    setweight(to_tsvector('simple', unaccent(product.description)), 'C')"""
JOINS = """
FROM product
JOIN seller ON seller.id = product.seller_id
JOIN product_group ON product_group.id = product.group_id
LEFT JOIN product_group AS subgroup ON subgroup.id = product.subgroup_id"""
FILL = f"""
INSERT INTO product_search (product_id, document, stars, group_id, subgroup_id, province, owner_type, seller_id,
                            price_vnd, expires_on)
SELECT product.id, {DOCUMENT}, certificate.stars, product.group_id, product.subgroup_id, seller.province,
       seller.owner_type, product.seller_id, product.price_vnd, certificate.expires_on
{JOINS}
JOIN certificate ON certificate.id = product.current_certificate_id
WHERE product.published AND seller.status = 'verified' AND certificate.status = 'verified'
  AND certificate.stars >= 3 AND certificate.expires_on >= CURRENT_DATE - 1"""  # a day's margin: any time zone
FILL_BEFORE = f"INSERT INTO product_search (product_id, document) SELECT product.id, {DOCUMENT} {JOINS}"

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
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FILL)
    op.create_table("search_backlog", sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("product_id", sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_search_backlog")))


def downgrade():
    op.drop_table("search_backlog")
    op.drop_table("product_search")
    _create()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FILL_BEFORE)
