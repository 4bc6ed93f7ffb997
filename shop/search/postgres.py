"""PostgreSQL full-text search: one tsvector per product (unaccent, 'simple' config) under a GIN index.

For deployments that outgrow one machine (SEARCH_BACKEND=postgres): the
documents live in the database itself, in `product_search`, written in the
same transaction as the product, so they are never behind it.
"""
from sqlalchemy import Float, Integer, text

from shop.extensions import db
from shop.search.analyzer import words
from shop.search.matching import CorrectingSearch

NAME_WEIGHT_SQL = """
    setweight(to_tsvector('simple', unaccent(product.name)), 'A') ||
    setweight(to_tsvector('simple', unaccent(concat_ws(' ', seller.name, seller.province, seller.commune,
                                                     product_group.name, subgroup.name))), 'B') ||
    setweight(to_tsvector('simple', unaccent(product.description)), 'C')
"""
UPSERT = f"""
INSERT INTO product_search (product_id, document)
SELECT product.id, {NAME_WEIGHT_SQL}
FROM product
JOIN seller ON seller.id = product.seller_id
JOIN product_group ON product_group.id = product.group_id
LEFT JOIN product_group AS subgroup ON subgroup.id = product.subgroup_id
WHERE {{where}}
ON CONFLICT (product_id) DO UPDATE SET document = EXCLUDED.document
"""


WORDS = """
INSERT INTO search_word (word)
SELECT DISTINCT unnest(tsvector_to_array(document)) FROM product_search WHERE {where}
ON CONFLICT (word) DO NOTHING
"""


MATCHING = "FROM product_search, to_tsquery('simple', :q) AS q WHERE document @@ q"


def _tsquery(terms: list[str], prefix_last: bool) -> str:
    parts = [term.replace("'", "") for term in terms]
    if prefix_last:
        parts[-1] += ":*"
    return " & ".join(parts)


class PostgresSearch(CorrectingSearch):
    """The same verbs as WhooshIndex, answered by PostgreSQL; spelling via pg_trgm over `search_word`."""

    @staticmethod
    def exists() -> bool:
        return True  # the table comes with the migrations

    def suggest(self, query_text: str, limit: int) -> list[int]:
        """Ids of products having the typed words, the last one as a prefix, best first."""
        terms = words(query_text)
        if not terms:
            return []
        rows = db.session.execute(
            text(f"SELECT product_id {MATCHING} ORDER BY ts_rank(document, q) DESC, product_id LIMIT :limit"),
            {"q": _tsquery(terms, prefix_last=True), "limit": limit})
        return [row[0] for row in rows]

    def _matches(self, terms: list[str]):
        """Every product having all `terms` as a (product_id, position) subquery; None if there is none."""
        query = {"q": _tsquery(terms, prefix_last=False)}
        if not db.session.scalar(text(f"SELECT EXISTS (SELECT 1 {MATCHING})"), query):
            return None
        return (text(f"SELECT product_id, -ts_rank(document, q) AS position {MATCHING}").bindparams(**query)
                .columns(product_id=Integer, position=Float).subquery("matched")), None

    def _closest(self, term: str) -> str:
        """The indexed word most like `term` (trigram similarity), or `term` itself."""
        return db.session.scalar(text(
            "SELECT word FROM search_word WHERE word % :term "
            "ORDER BY word = :term DESC, similarity(word, :term) DESC, word LIMIT 1"), {"term": term}) or term

    @staticmethod
    def index_products(connection, product_ids=None, seller_ids=()) -> None:
        """Write the documents of these products (or of all), and their words, in the caller's transaction."""
        if product_ids is None:
            connection.execute(text(UPSERT.format(where="true")))
            connection.execute(text(WORDS.format(where="true")))
            return
        where = "product_id IN (SELECT id FROM product WHERE id = ANY(:ids) OR seller_id = ANY(:sellers))"
        parameters = {"ids": list(product_ids), "sellers": list(seller_ids)}
        connection.execute(text(UPSERT.format(where="product.id = ANY(:ids) OR product.seller_id = ANY(:sellers)")),
                           parameters)
        connection.execute(text(WORDS.format(where=where)), parameters)

    def rebuild(self) -> int:
        """Rewrite every product's document in one transaction."""
        connection = db.session.connection()
        connection.execute(text("DELETE FROM product_search"))
        connection.execute(text("DELETE FROM search_word"))
        self.index_products(connection)
        db.session.commit()
        return db.session.scalar(text("SELECT count(*) FROM product_search"))
