"""What both search backends share: every word must match, else a correction, else the most words.

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
CORRECTIONS_TRIED = 3  # the closest indexed words tried in place of a word the index lacks
KEPT_LETTERS = 2  # a correction keeps the first letters as typed ("buoi" never becomes "boi")
SHORT_WORD = 4  # letters: a word this short is corrected by one edit at most, a longer one by two


def words_needed(terms: list[str]) -> int:
    """How many of the (distinct) `terms` a partial match must have: half, rounded up ("xe máy điện" needs two)."""
    return (len(set(terms)) + 1) // 2


def edits_allowed(term: str) -> int:
    """How many letters a correction of `term` may change: two turn a short word into another ("cafe", "che")."""
    return 1 if len(term) <= SHORT_WORD else 2


@dataclass
class Matches:
    """The matches as a (product_id, position) subquery (None if nothing matched), and any correction.

    `every_match`, when set, gives the table of every match: `table` holds only the best FIRST_ROUND.
    """

    table: object = None
    corrected: str | None = None  # what the words were searched as, when one was corrected
    partial: bool = False  # no product has every word: these have the most of them
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
    """A backend supplies `_ranked_ids`, `_every_id`, `_partial_ids` and `_closest_words`; this decides how to search.

    Every word must match. A word the index lacks is corrected to a close indexed word, but only
    when the corrected query finds something; else the products having the most of the words (at
    least half) are shown, best ranked first. Each decision is made without the filters, so the page and its
    facet counts (each a search under other filters) search the same words the same way.
    """

    def search(self, text: str, criteria=None) -> Matches:
        """Products having every word of `text` (and meeting `criteria`), else as corrected, else a partial match."""
        terms = words(text)
        if not terms:
            return Matches()
        found = self._matches(terms, criteria)
        if found is not None or (criteria is not None and self._ranked_ids(terms, None, 1)):
            return found or Matches()  # every word matched; any filters may still leave nothing
        corrected = self._corrected(terms)
        if corrected is not None:
            found = self._matches(corrected, criteria) or Matches()
            found.corrected = " ".join(corrected)
            return found
        found = self._matches(terms, criteria, partial=True) or Matches()
        found.partial = True
        return found

    def close_words(self, text: str) -> list[str]:
        """The indexed word closest to each word of `text` that has one, for a search that found nothing."""
        return [closest[0] for closest in map(self._closest_words, words(text)) if closest]

    def _corrected(self, terms: list[str]) -> list[str] | None:
        """`terms` with each word the index lacks replaced by a close indexed word, or None.

        A word the index has is never changed, and a replacement is taken only if the
        words so far still find something together.
        """
        settled = [term for term in terms if self._ranked_ids([term], None, 1)]
        if len(settled) == len(terms):
            return None
        replaced = {}
        for term in dict.fromkeys(term for term in terms if term not in settled):
            pick = next((word for word in self._closest_words(term) if self._ranked_ids([*settled, word], None, 1)),
                        None)
            if pick is None:
                return None
            settled.append(pick)
            replaced[term] = pick
        return [replaced.get(term, term) for term in terms]

    def _matches(self, terms: list[str], criteria, partial: bool = False) -> Matches | None:
        rank = self._partial_ids if partial else self._ranked_ids
        ranked = rank(terms, criteria, FIRST_ROUND + 1)
        if not ranked:
            return None
        if len(ranked) <= FIRST_ROUND:
            return Matches(ranked_ids_table(ranked))
        first = ranked[:FIRST_ROUND]
        every = (lambda: rank(terms, criteria, None)) if partial else (lambda: self._every_id(terms, criteria, first))
        return Matches(ranked_ids_table(first), every_match=lambda: ranked_ids_table(every()))

    def _ranked_ids(self, terms: list[str], criteria, limit: int | None) -> list[int]:
        """Ids of the best `limit` products having every term and meeting `criteria`, best first."""
        raise NotImplementedError

    def _every_id(self, terms: list[str], criteria, first: list[int]) -> list[int]:
        """Every such id: `first` (the best, in order), then the rest."""
        raise NotImplementedError

    def _partial_ids(self, terms: list[str], criteria, limit: int | None) -> list[int]:
        """Ids of the best `limit` products meeting `criteria` with `words_needed` of the terms, most first."""
        raise NotImplementedError

    def _closest_words(self, term: str) -> list[str]:
        """Up to CORRECTIONS_TRIED other indexed words like `term`, closest first."""
        raise NotImplementedError
