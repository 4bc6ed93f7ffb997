"""The Whoosh index of products: one document per indexable product, storing only its id.

Besides the words, a document holds the values the listing filters by, so a
query such as "trà" in Hà Nội is cut inside the index: its first round holds
only Hà Nội's matches, however many better-ranked ones other provinces have.
"""
import os
import struct
import threading
from collections import Counter, defaultdict

from whoosh import index, scoring
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.index import EmptyIndexError
from whoosh.query import And, AndMaybe, NumericRange, Or, Prefix, Term
from whoosh.writing import CLEAR

from shop.search.matching import CORRECTIONS_TRIED, KEPT_LETTERS, CorrectingSearch, edits_allowed, words_needed
from shop.text import vietnamese_analyzer, words

ANALYZER = vietnamese_analyzer()
WRITE_WAIT_SECONDS = 30
NAME_WEIGHT = 3  # the name counts three times in `text`: a match in the name ranks first
NAME_BONUS = 3  # added for a name having every word of a search
# `text` holds every field (name, unit, producer, group/subgroup, province/commune, description)
# in one posting list per word, so a query reads one list per word instead of five;
# `name` alone serves prefix suggestions. Only the id is stored.
SCHEMA = Schema(
    id=ID(stored=True, unique=True, sortable=True),  # the column maps every hit to its id quickly
    name=TEXT(analyzer=ANALYZER, phrase=False),
    text=TEXT(analyzer=ANALYZER, phrase=False),
    stars=ID, province=ID, owner_type=ID, seller=ID,  # the listing's filters
    groups=KEYWORD,  # the product's ngành, nhóm and phân nhóm: a filter by any of them is one term
    price=NUMERIC(int, bits=64),
    expires=NUMERIC(int),  # the certificate's expiry as a day number, for expired_ids
)


class SearchUnavailable(Exception):
    """The index is missing, unreadable or from an older schema; callers fall back to the database."""


def _document(row) -> dict:
    text = [row.name] * NAME_WEIGHT + [row.unit, row.producer, row.group_names, row.province,
                                       row.commune or "", row.description]
    return {"id": str(row.product_id), "name": row.name, "text": " ".join(text), "stars": str(row.stars),
            "groups": " ".join(str(group) for group in {row.group_id, row.subgroup_parent_id, row.subgroup_id}
                               if group),
            "province": row.province, "owner_type": row.owner_type, "seller": row.seller_slug,
            "price": row.price_vnd, "expires": row.expires_on.toordinal()}


def _narrowing(criteria) -> list:
    """The listing's `Criteria` as Whoosh terms (each adds the same score to every hit, so ranks hold)."""
    if criteria is None:
        return []
    wanted = {"stars": criteria.stars and str(criteria.stars), "province": criteria.province,
              "owner_type": criteria.owner_type, "seller": criteria.seller,
              "groups": None if criteria.group_id is None else str(criteria.group_id)}
    terms = [Term(field, value) for field, value in wanted.items() if value]
    if criteria.price_min is not None or criteria.price_max is not None:
        terms.append(NumericRange("price", criteria.price_min, criteria.price_max))
    return terms


class WhooshIndex(CorrectingSearch):
    """Reads and writes the index in one folder; one cached searcher per process."""

    def __init__(self, folder: str):
        self.folder = folder
        self._searcher = None
        self._lock = threading.Lock()
        # Whoosh's file lock (fcntl) keeps other processes out, not other threads of this one.
        self._write_lock = threading.Lock()

    def _open(self):
        try:
            return index.open_dir(self.folder, schema=SCHEMA)
        except (EmptyIndexError, index.IndexError, OSError, ValueError, EOFError, struct.error) as problem:
            raise SearchUnavailable(f"{type(problem).__name__}: {problem}") from problem

    def exists(self) -> bool:
        """Whether a usable index is there: one written with an older schema counts as missing."""
        try:
            self.searcher()
        except SearchUnavailable:
            return False
        return True

    def searcher(self):
        """A searcher kept open between requests and refreshed when the index changed."""
        with self._lock:
            if self._searcher is not None and not self._searcher.up_to_date():
                # Searcher.refresh() can keep segments a CLEAR rebuild removed; open afresh instead
                # (the old one is left to the garbage collector: another thread may still be reading it).
                self._searcher = None
            if self._searcher is None:
                # TF-IDF ranks as well here (the name counts three times) and scores twice as fast as BM25F.
                searcher = self._open().searcher(weighting=scoring.TF_IDF())
                if searcher.doc_count() and "expires" not in searcher.reader().indexed_field_names():
                    raise SearchUnavailable("index written before documents carried the listing's filters")
                self._searcher = searcher
            return self._searcher

    def _ids(self, searcher, docnums) -> list[int]:
        """The product ids of these documents, through the id column (much faster than stored fields)."""
        if not searcher.doc_count():
            return []  # an empty index has no column to read
        column = searcher.reader().column_reader("id")
        return [int(column[docnum]) for docnum in docnums]

    def _hit_ids(self, query, limit: int | None) -> list[int]:
        searcher = self.searcher()
        return self._ids(searcher, (docnum for _score, docnum in searcher.search(query, limit=limit).top_n))

    def _ranked_ids(self, terms: list[str], criteria, limit: int | None) -> list[int]:
        """Best first; a product named with every word ranks above one that repeats a few of them often."""
        every_word = And([Term("text", term) for term in terms] + _narrowing(criteria))
        in_name = And([Term("name", term) for term in terms], boost=NAME_BONUS)
        return self._hit_ids(AndMaybe(every_word, in_name) if len(terms) > 1 else every_word, limit)

    def _every_id(self, terms: list[str], criteria, first: list[int]) -> list[int]:
        """`first`, then the other matches unranked (scoring every hit of a broad word is slow)."""
        searcher, seen = self.searcher(), set(first)
        query = And([Term("text", term) for term in terms] + _narrowing(criteria))
        return first + [pid for pid in self._ids(searcher, searcher.docs_for_query(query)) if pid not in seen]

    def _partial_ids(self, terms: list[str], criteria, limit: int | None) -> list[int]:
        """Documents grouped by how many of the terms they have, most first, each group ranked by score."""
        searcher, narrowing = self.searcher(), _narrowing(criteria)
        having = Counter()
        for term in dict.fromkeys(terms):
            having.update(searcher.docs_for_query(And([Term("text", term)] + narrowing)))
        groups, needed = defaultdict(set), words_needed(terms)
        for docnum, count in having.items():
            if count >= needed:
                groups[count].add(docnum)
        any_term, ranked = Or([Term("text", term) for term in terms]), []
        for count in sorted(groups, reverse=True):
            room = None if limit is None else limit - len(ranked)
            if room == 0:
                break
            ranked += [docnum for _score, docnum in searcher.search(any_term, filter=groups[count], limit=room).top_n]
        return self._ids(searcher, ranked)

    def _closest_words(self, term: str) -> list[str]:
        """Indexed words one edit away, more frequent first, then (for a longer word) two edits away."""
        reader, found = self.searcher().reader(), []
        for edits in range(1, edits_allowed(term) + 1):
            kept = min(KEPT_LETTERS, len(term))  # a one-letter word keeps its one letter (Whoosh fails past it)
            ring = set(reader.terms_within("text", term, edits, prefix=kept)) - {term, *found}
            found += sorted(ring, key=lambda word: (-reader.frequency("text", word), word))
        return found[:CORRECTIONS_TRIED]

    def suggest(self, text: str, limit: int) -> list[int]:
        """Ids of products whose name has the typed words, the last one as a prefix."""
        terms = words(text)
        if not terms:
            return []
        return self._hit_ids(And([Term("name", term) for term in terms[:-1]] + [Prefix("name", terms[-1])]), limit)

    def expired_ids(self, today) -> list[int]:
        """Ids of indexed products whose certificate expired before `today`."""
        searcher = self.searcher()
        return self._ids(searcher, searcher.docs_for_query(NumericRange("expires", None, today.toordinal() - 1)))

    def write(self, read_changes, then=lambda: None) -> None:
        """Apply `read_changes()`: (document rows to add or replace, ids to delete), read under the write lock.

        Reading under the lock means a writer that comes later reads what this one
        committed too, so the index ends with the latest state of every product.
        `then()` runs after the index's commit, still under the lock.
        """
        with self._write_lock:
            writer = self._open().writer(timeout=WRITE_WAIT_SECONDS)  # waits behind other processes' writers
            try:
                rows, removed = read_changes()
                for row in rows:
                    writer.update_document(**_document(row))
                for product_id in removed:
                    writer.delete_by_term("id", str(product_id))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            then()

    def rebuild(self, read_rows, progress=lambda: None) -> int:
        """Index the rows of `read_rows()` afresh (read under the write lock), replacing the old contents at once."""
        os.makedirs(self.folder, exist_ok=True)
        with self._write_lock:
            try:
                target = self._open()
            except SearchUnavailable:  # missing or corrupt: start a new index in the folder
                target = index.create_in(self.folder, SCHEMA)
            writer = target.writer(limitmb=256, timeout=WRITE_WAIT_SECONDS)
            count = 0
            try:
                for row in read_rows():
                    writer.add_document(**_document(row))
                    count += 1
                    progress()
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=CLEAR)
        return count
