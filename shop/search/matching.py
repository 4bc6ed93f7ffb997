"""What both search backends share: every word must match; a misspelt query is retried once.

A search answers with a SQL table of (product_id, position), best first by
`position`, which the listing joins: sellable() and every filter apply before
any cut, so no number of better-ranked unsellable products hides a sellable one.
"""
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from shop.extensions import db
from shop.search.analyzer import words


@dataclass
class Matches:
    """The matches as a (product_id, position) subquery (None if nothing matched), and any correction.

    A backend may first hand over only its best matches; `widen` then gives every match.
    """

    table: object = None
    corrected: str | None = None
    widen: Callable[[], "Matches"] | None = None

    def ids(self) -> list[int]:
        """Every matched id, best first (for tests and tools; the listing joins `table` instead)."""
        matches = self.widen() if self.widen else self
        if matches.table is None:
            return []
        return list(db.session.scalars(select(matches.table.c.product_id).order_by(matches.table.c.position)))


def ranked_ids_table(ids: list[int]):
    """A (product_id, position) subquery holding `ids` in order, sent as one parameter."""
    if db.session.get_bind().dialect.name == "postgresql":
        rows = func.unnest(bindparam("ranked_ids", ids, type_=ARRAY(Integer))) \
            .table_valued("product_id", with_ordinality="position").render_derived()
        return select(rows.c.product_id, rows.c.position).subquery("matched")
    rows = func.json_each(bindparam("ranked_ids", json.dumps(ids))).table_valued("value", "key")
    return select(rows.c.value.label("product_id"), rows.c.key.label("position")).subquery("matched")


class CorrectingSearch:
    """A backend supplies `_matches(terms)` and `_closest(term)`; this decides when to correct.

    `_matches` answers None when nothing matches, else (table, widen): `widen` is None when
    `table` holds every match, or gives the table of every match when it holds only the best.
    """

    def search(self, text: str) -> Matches:
        """Products having every word of `text`; if none, the closest known words are tried once."""
        terms = words(text)
        if not terms:
            return Matches()
        found, corrected = self._matches(terms), None
        if found is None:
            closest = [self._closest(term) for term in terms]
            found = self._matches(closest) if closest != terms else None
            if found is None:
                return Matches()
            corrected = " ".join(closest)
        table, widen = found
        return Matches(table, corrected, widen and (lambda: Matches(widen(), corrected)))

    def _matches(self, terms: list[str]):
        raise NotImplementedError

    def _closest(self, term: str) -> str:
        raise NotImplementedError
