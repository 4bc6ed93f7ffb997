"""The words of the PostgreSQL search documents, under a trigram index, for spelling correction.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table("search_word", sa.Column("word", sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint("word", name=op.f("pk_search_word")))
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_search_word_trigrams ON search_word USING gin (word gin_trgm_ops)")
        op.execute("INSERT INTO search_word (word) SELECT DISTINCT unnest(tsvector_to_array(document)) "
                   "FROM product_search ON CONFLICT (word) DO NOTHING")


def downgrade():
    op.drop_table("search_word")
