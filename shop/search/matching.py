"""What both search backends share: every word must match; a misspelt query is retried once.

A search answers with a SQL table of (product_id, position), best first by
`position`, which the listing joins: sellable() and every filter apply again
in SQL, so a stale index can hide no sellable product and show no unsellable one.
Both backends also filter inside the index (the listing's `Criteria`), so their
first round of FIRST_ROUND ranked matches nearly always holds the page.
"""
import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from shop.extensions import db
from shop.text import words

FIRST_ROUND = 1100  # the listing's SEARCH_CAP (1,000) and room for index entries gone stale


@dataclass
class Matches:
    """The matches as a (product_id, position) subquery (None if nothing matched), and any correction.

    `every_match`, when set, gives the table of every match: `table` holds only the best FIRST_ROUND.
    """

    table: object = None
    corrected: str | None = None
    every_match: Callable[[], object] | None = None

    def widened(self) -> "Matches":
        """These matches with every match in `table`."""
        return replace(self, table=self.every_match(), every_match=None) if self.every_match else self

    def ids(self) -> list[int]:
        """Every matched id, best first (for tests and tools; the listing joins `table` instead)."""
        table = self.widened().table
        if table is None:
            return []
        return list(db.session.scalars(select(table.c.product_id).order_by(table.c.position)))


def ranked_ids_table(ids: list[int]):
    """A (product_id, position) subquery holding `ids` in order, sent as one parameter."""
    if db.session.get_bind().dialect.name == "postgresql":
        rows = func.unnest(bindparam("ranked_ids", ids, type_=ARRAY(Integer))) \
            .table_valued("product_id", with_ordinality="position").render_derived()
        return select(rows.c.product_id, rows.c.position).subquery("matched")
    rows = func.json_each(bindparam("ranked_ids", json.dumps(ids))).table_valued("value", "key")
    return select(rows.c.value.label("product_id"), rows.c.key.label("position")).subquery("matched")


class CorrectingSearch:
    """A backend supplies `_ranked_ids`, `_every_id` and `_closest`; this cuts rounds and decides when to correct."""

    def search(self, text: str, criteria=None) -> Matches:
        """Products having every word of `text` (and meeting `criteria`); if none, the closest words are tried once."""
        terms = words(text)
        if not terms:
            return Matches()
        found = self._matches(terms, criteria)
        if found is None:
            closest = [self._closest(term) for term in terms]
            if closest == terms:  # every word is known: nothing to correct, just no match
                return Matches()
            found = self._matches(closest, criteria) or Matches()
            found.corrected = " ".join(closest)  # said even when the filters leave nothing
        return found

    def _matches(self, terms: list[str], criteria) -> Matches | None:
        ranked = self._ranked_ids(terms, criteria, FIRST_ROUND + 1)
        if not ranked:
            return None
        if len(ranked) <= FIRST_ROUND:
            return Matches(ranked_ids_table(ranked))
        first = ranked[:FIRST_ROUND]
        return Matches(ranked_ids_table(first),
                       every_match=lambda: ranked_ids_table(self._every_id(terms, criteria, first)))

    def _ranked_ids(self, terms: list[str], criteria, limit: int) -> list[int]:
        """Ids of the best `limit` products having every term and meeting `criteria`, best first."""
        raise NotImplementedError

    def _every_id(self, terms: list[str], criteria, first: list[int]) -> list[int]:
        """Every such id: `first` (the best, in order), then the rest."""
        raise NotImplementedError

    def _closest(self, term: str) -> str:
        raise NotImplementedError
