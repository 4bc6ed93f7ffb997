"""PostgreSQL full-text search: one tsvector per product (unaccent, 'simple' config) under a GIN index.

For deployments that outgrow one machine (SEARCH_BACKEND=postgres): the
documents live in the database itself, in `product_search`, written in the
same transaction as the product, so they are never behind it.
"""
from sqlalchemy import text

from shop.extensions import db
from shop.search.analyzer import words
from shop.search.whoosh_index import Matches

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


def _tsquery(terms: list[str], prefix_last: bool) -> str:
    parts = [term.replace("'", "") for term in terms]
    if prefix_last:
        parts[-1] += ":*"
    return " & ".join(parts)


class PostgresSearch:
    """The same verbs as WhooshIndex, answered by PostgreSQL."""

    folder = None  # nothing on disk

    @staticmethod
    def exists() -> bool:
        return True  # the table comes with the migrations

    def search(self, query_text: str, limit: int) -> Matches:
        terms = words(query_text)
        return Matches(self._ids(terms, limit, prefix_last=False)) if terms else Matches()

    def suggest(self, query_text: str, limit: int) -> list[int]:
        terms = words(query_text)
        return self._ids(terms, limit, prefix_last=True) if terms else []

    def _ids(self, terms: list[str], limit: int, prefix_last: bool) -> list[int]:
        rows = db.session.execute(
            text("SELECT product_id FROM product_search, to_tsquery('simple', :q) AS q "
                 "WHERE document @@ q ORDER BY ts_rank(document, q) DESC, product_id LIMIT :limit"),
            {"q": _tsquery(terms, prefix_last), "limit": limit})
        return [row[0] for row in rows]

    @staticmethod
    def index_products(connection, product_ids=None, seller_ids=()) -> None:
        """Write the documents of these products (or of all) in the caller's transaction."""
        if product_ids is None:
            connection.execute(text(UPSERT.format(where="true")))
            return
        connection.execute(text(UPSERT.format(where="product.id = ANY(:ids) OR product.seller_id = ANY(:sellers)")),
                           {"ids": list(product_ids), "sellers": list(seller_ids)})

    def rebuild(self) -> int:
        """Rewrite every product's document in one transaction."""
        connection = db.session.connection()
        connection.execute(text("DELETE FROM product_search"))
        self.index_products(connection)
        db.session.commit()
        return db.session.scalar(text("SELECT count(*) FROM product_search"))
