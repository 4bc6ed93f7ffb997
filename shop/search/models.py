"""ProductSearch: the PostgreSQL search row of each indexable product (SEARCH_BACKEND=postgres)."""
from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import TSVECTOR

from shop.extensions import db


class ProductSearch(db.Model):
    """A product's words as a tsvector, beside the values the listing filters by; empty on SQLite.

    Only indexable products have a row (shop/catalog/sellable.py), so a search
    filters, ranks and cuts its first round in this one table.
    """

    __tablename__ = "product_search"
    product_id = db.Column(db.Integer, db.ForeignKey("product.id", ondelete="CASCADE"), primary_key=True)
    document = db.Column(Text().with_variant(TSVECTOR(), "postgresql"), nullable=False)
    stars = db.Column(db.SmallInteger, nullable=False)
    group_id = db.Column(db.Integer, nullable=False)
    subgroup_id = db.Column(db.Integer, nullable=True)
    province = db.Column(db.String(60), nullable=False)
    owner_type = db.Column(db.String(20), nullable=False)
    seller_id = db.Column(db.Integer, nullable=False)
    price_vnd = db.Column(db.Integer, nullable=False)
    expires_on = db.Column(db.Date, nullable=False)


class SearchWord(db.Model):
    """Every word in the search documents, for "did you mean" by trigram similarity (pg_trgm)."""

    __tablename__ = "search_word"
    word = db.Column(db.Text, primary_key=True)


class SearchBacklog(db.Model):
    """Products whose Whoosh documents are to be rewritten, recorded in the transaction that changed them.

    Whatever commits is indexed after the commit and only then taken off this list,
    so a busy index or a crash in between delays a change but never loses it.
    """

    __tablename__ = "search_backlog"
    id = db.Column(db.Integer, primary_key=True)
    product_id = db.Column(db.Integer, nullable=False)  # no foreign key: a deleted product is removed from the index
