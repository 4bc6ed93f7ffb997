"""PostgreSQL full-text search: one tsvector per product (unaccent, 'simple' config) under a GIN index.

For deployments that outgrow one machine (SEARCH_BACKEND=postgres): the
documents live in the database itself, in `product_search`, written in the
same transaction as the product, so they are never behind it. Each row also
holds the values the listing filters by, so a search is filtered, ranked and
cut in that one table.
"""
from sqlalchemy import Integer, cast, delete, func, literal_column, not_, or_, select, text
from sqlalchemy.dialects.postgresql import insert

from shop.catalog.models import Product
from shop.catalog.sellable import indexable
from shop.clock import today
from shop.extensions import db
from shop.search.documents import FILTER_COLUMNS, document_rows
from shop.search.matching import CORRECTIONS_TRIED, KEPT_LETTERS, CorrectingSearch, edits_allowed, words_needed
from shop.search.models import ProductSearch
from shop.text import words

SIMPLE = literal_column("'simple'::regconfig")
WORDS = """
INSERT INTO search_word (word)
SELECT DISTINCT unnest(tsvector_to_array(document)) FROM product_search {where}
ON CONFLICT (word) DO NOTHING
"""


def _weighted(value, weight: str):
    return func.setweight(func.to_tsvector(SIMPLE, func.unaccent(value)), literal_column(f"'{weight}'"))


def _document(rows):
    """The tsvector of a document row: the name weighs most, then unit, producer, place and group, then description."""
    place_and_group = func.concat_ws(" ", rows.c.unit, rows.c.producer, rows.c.province, rows.c.commune,
                                     rows.c.group_names)
    return (_weighted(rows.c.name, "A").op("||")(_weighted(place_and_group, "B"))
            .op("||")(_weighted(rows.c.description, "C")))


def _tsquery(terms: list[str], prefix_last: bool = False, joined_by: str = " & "):
    parts = [term.replace("'", "") for term in terms]
    if prefix_last:
        parts[-1] += ":*"
    return func.to_tsquery(SIMPLE, joined_by.join(parts))


def _planned_for_its_words() -> None:
    """Plan this transaction's statements for their own values: one search statement serves words found in ten
    products and in forty thousand, and a plan PostgreSQL cached for one (psycopg prepares a statement run five
    times) doubled the time of the other. Other statements keep PostgreSQL's plan cache (shop/extensions.py). Set
    with set_config(..., true), SET LOCAL's equivalent as a SELECT: a search that only read still ends with COMMIT,
    and psycopg keeps what it prepared."""
    db.session.execute(text("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)"))


def _best_first(query, conditions=(), before=()):
    """Products matching the tsquery `query` (and `conditions`), in the order `before`, then best ranked first."""
    return (select(ProductSearch.product_id).where(ProductSearch.document.op("@@")(query), *conditions)
            .order_by(*before, func.ts_rank(ProductSearch.document, query).desc(), ProductSearch.product_id.desc()))


class PostgresSearch(CorrectingSearch):
    """The same verbs as WhooshIndex, answered by PostgreSQL; spelling via pg_trgm over `search_word`."""

    @staticmethod
    def exists() -> bool:
        """Whether the table holds documents, or nothing is there to index (a database indexed by Whoosh has none)."""
        has_rows = select(ProductSearch.product_id).exists()
        nothing_to_index = not_(select(Product.id).where(indexable(today())).exists())
        return db.session.scalar(select(or_(has_rows, nothing_to_index)))

    def search(self, text: str, criteria=None):
        """As CorrectingSearch.search, each statement planned for its words."""
        _planned_for_its_words()
        return super().search(text, criteria)

    def close_words(self, text: str) -> list[str]:
        """As CorrectingSearch.close_words, each statement planned for its words."""
        _planned_for_its_words()
        return super().close_words(text)

    def suggest(self, query_text: str, limit: int) -> list[int]:
        """Ids of products having the typed words, the last one as a prefix, best first."""
        terms = words(query_text)
        if not terms:
            return []
        _planned_for_its_words()
        return list(db.session.scalars(_best_first(_tsquery(terms, prefix_last=True)).limit(limit)))

    def _ranked_ids(self, terms: list[str], criteria, limit: int | None) -> list[int]:
        conditions = criteria.clauses(ProductSearch) if criteria else ()
        return list(db.session.scalars(_best_first(_tsquery(terms), conditions).limit(limit)))

    def _every_id(self, terms: list[str], criteria, first: list[int]) -> list[int]:
        return self._ranked_ids(terms, criteria, None)  # ranking every match costs little here

    def _partial_ids(self, terms: list[str], criteria, limit: int | None) -> list[int]:
        conditions = criteria.clauses(ProductSearch) if criteria else ()
        having = sum(cast(ProductSearch.document.op("@@")(_tsquery([term])), Integer) for term in dict.fromkeys(terms))
        any_term = _tsquery(terms, joined_by=" | ")
        query = _best_first(any_term, (*conditions, having >= words_needed(terms)), before=(having.desc(),))
        return list(db.session.scalars(query.limit(limit)))

    def _closest_words(self, term: str) -> list[str]:
        """Other indexed words most like `term` (trigram similarity), its length within the edits allowed."""
        return list(db.session.scalars(text(
            "SELECT word FROM search_word WHERE word % :term AND word <> :term "
            "AND left(word, :kept) = left(:term, :kept) AND abs(length(word) - length(:term)) <= :edits "
            "ORDER BY similarity(word, :term) DESC, word LIMIT :limit"),
            {"term": term, "kept": KEPT_LETTERS, "edits": edits_allowed(term), "limit": CORRECTIONS_TRIED}))

    @staticmethod
    def index_products(connection, today, product_ids=None, seller_ids=()) -> None:
        """Write the rows of these products (or of all) and of the sellers' products, in the caller's transaction.

        A touched product that is no longer indexable loses its row; the others are upserted.
        """
        touched, where, parameters = (), "", {}
        if product_ids is not None:
            touched = (or_(Product.id.in_(product_ids), Product.seller_id.in_(seller_ids)),)
            # Wait for other transactions writing these products' rows; the statements below then
            # read what they committed, so the last to commit writes a document with every change.
            # FOR NO KEY UPDATE, as an UPDATE takes: rows that point at a product (cart and order
            # lines, stock movements) can still be added meanwhile.
            connection.execute(select(Product.id).where(*touched).order_by(Product.id)
                               .with_for_update(key_share=True))
            connection.execute(delete(ProductSearch).where(
                ProductSearch.product_id.in_(select(Product.id).where(*touched, not_(indexable(today))))))
            where = "WHERE product_id = ANY(:ids) OR seller_id = ANY(:sellers)"
            parameters = {"ids": list(product_ids), "sellers": list(seller_ids)}
        rows = document_rows(today, *touched).subquery("d")
        written = insert(ProductSearch).from_select(
            ["product_id", "document", *FILTER_COLUMNS],
            select(rows.c.product_id, _document(rows), *[rows.c[name] for name in FILTER_COLUMNS]))
        connection.execute(written.on_conflict_do_update(
            index_elements=[ProductSearch.product_id],
            set_={name: written.excluded[name] for name in ("document", *FILTER_COLUMNS)}))
        connection.execute(text(WORDS.format(where=where)), parameters)

    def rebuild(self, today) -> int:
        """Rewrite every product's row in one transaction, then tidy the table for searching."""
        connection = db.session.connection()
        connection.execute(delete(ProductSearch))
        connection.execute(text("DELETE FROM search_word"))
        self.index_products(connection, today)
        db.session.commit()
        # Every old row is now dead and the new ones wait in the GIN index's pending list, which each
        # search would read in full: VACUUM clears both (and ANALYZE updates the planner's statistics).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as autocommit:
            autocommit.exec_driver_sql("VACUUM (ANALYZE) product_search")
        return db.session.scalar(select(func.count()).select_from(ProductSearch))

    @staticmethod
    def forget_expired(today) -> int:
        """Delete the rows of products whose certificate expired before `today`; how many."""
        return db.session.execute(delete(ProductSearch).where(ProductSearch.expires_on < today)).rowcount
