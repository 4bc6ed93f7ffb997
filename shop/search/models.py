"""ProductSearch: the PostgreSQL search document of each product (SEARCH_BACKEND=postgres)."""
from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import TSVECTOR

from shop.extensions import db


class ProductSearch(db.Model):
    """One tsvector per product; on SQLite the table exists but stays empty."""

    __tablename__ = "product_search"
    product_id = db.Column(db.Integer, db.ForeignKey("product.id", ondelete="CASCADE"), primary_key=True)
    document = db.Column(Text().with_variant(TSVECTOR(), "postgresql"), nullable=False)


class SearchWord(db.Model):
    """Every word in the search documents, for "did you mean" by trigram similarity (pg_trgm)."""

    __tablename__ = "search_word"
    word = db.Column(db.Text, primary_key=True)
