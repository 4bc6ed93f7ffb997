"""What both search backends share: every word must match; a misspelt query is retried once."""
from dataclasses import dataclass, field

from shop.search.analyzer import words


@dataclass
class Matches:
    """Product ids best first, and the corrected words if the query was misspelt."""

    ids: list[int] = field(default_factory=list)
    corrected: str | None = None


class CorrectingSearch:
    """A backend supplies `_ids(terms, limit)` and `_closest(term)`; this decides when to correct."""

    def search(self, text: str, limit: int) -> Matches:
        """Ids of products having every word of `text`; if none, the closest known words are tried once."""
        terms = words(text)
        if not terms:
            return Matches()
        ids = self._ids(terms, limit)
        if ids:
            return Matches(ids)
        corrected = [self._closest(term) for term in terms]
        if corrected == terms:
            return Matches()
        return Matches(self._ids(corrected, limit), " ".join(corrected))

    def _ids(self, terms: list[str], limit: int) -> list[int]:
        raise NotImplementedError

    def _closest(self, term: str) -> str:
        raise NotImplementedError
