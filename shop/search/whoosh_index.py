"""The Whoosh index of products: one document per product, storing only its id."""
import os
import struct
import threading

from whoosh import index, scoring
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import EmptyIndexError
from whoosh.query import And, Prefix, Term
from whoosh.writing import CLEAR

from shop.search.analyzer import vietnamese_analyzer, words
from shop.search.matching import CorrectingSearch, ranked_ids_table

ANALYZER = vietnamese_analyzer()
WRITE_WAIT_SECONDS = 30
FIRST_ROUND = 1500  # matches ranked; the listing asks for the rest (unranked) only when these run short
NAME_WEIGHT = 3  # the name counts three times in `text`: a match in the name ranks first
# `text` holds every field (name, producer, group/subgroup, province/commune, description)
# in one posting list per word, so a query reads one list per word instead of five;
# `name` alone serves prefix suggestions. Only the id is stored.
SCHEMA = Schema(
    id=ID(stored=True, unique=True, sortable=True),  # the column maps every hit to its id quickly
    name=TEXT(analyzer=ANALYZER, phrase=False),
    text=TEXT(analyzer=ANALYZER, phrase=False),
)


class SearchUnavailable(Exception):
    """The index is missing or unreadable; callers fall back to the database."""


def _document(product_id: int, fields: dict) -> dict:
    text = " ".join([fields["name"]] * NAME_WEIGHT + [value for key, value in fields.items() if key != "name"])
    return {"id": str(product_id), "name": fields["name"], "text": text}


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
        return index.exists_in(self.folder)

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
                if searcher.doc_count() and not searcher.reader().has_column("id"):
                    raise SearchUnavailable("index written before ids had a column")
                self._searcher = searcher
            return self._searcher

    def _hit_ids(self, query, limit: int) -> list[int]:
        searcher = self.searcher()
        column = searcher.reader().column_reader("id")  # much faster than reading stored fields
        return [int(column[docnum]) for _score, docnum in searcher.search(query, limit=limit).top_n]

    def _matches(self, terms: list[str]):
        """The best FIRST_ROUND matches, ranked, and how to add the rest unranked (scoring every hit is slow)."""
        query = And([Term("text", term) for term in terms])
        ranked = self._hit_ids(query, FIRST_ROUND + 1)
        if not ranked:
            return None
        if len(ranked) <= FIRST_ROUND:
            return ranked_ids_table(ranked), None
        ranked = ranked[:FIRST_ROUND]

        def every_match():
            searcher, seen = self.searcher(), set(ranked)
            column = searcher.reader().column_reader("id")
            rest = (int(column[docnum]) for docnum in searcher.docs_for_query(query))
            return ranked_ids_table(ranked + [pid for pid in rest if pid not in seen])
        return ranked_ids_table(ranked), every_match

    def _closest(self, term: str) -> str:
        searcher = self.searcher()
        if searcher.doc_frequency("text", term):
            return term
        suggestions = searcher.suggest("text", term, limit=1, maxdist=2, prefix=1)
        return suggestions[0] if suggestions else term

    def suggest(self, text: str, limit: int) -> list[int]:
        """Ids of products whose name has the typed words, the last one as a prefix."""
        terms = words(text)
        if not terms:
            return []
        return self._hit_ids(And([Term("name", term) for term in terms[:-1]] + [Prefix("name", terms[-1])]), limit)

    def update(self, documents, removed=()) -> None:
        """Add or replace the given (id, fields) documents and delete `removed` ids."""
        with self._write_lock:
            writer = self._open().writer(timeout=WRITE_WAIT_SECONDS)  # waits behind other processes' writers
            for product_id, fields in documents:
                writer.update_document(**_document(product_id, fields))
            for product_id in removed:
                writer.delete_by_term("id", str(product_id))
            writer.commit()

    def rebuild(self, documents, progress=lambda: None) -> int:
        """Index every document afresh, replacing the old contents in one commit."""
        os.makedirs(self.folder, exist_ok=True)
        with self._write_lock:
            try:
                target = self._open()
            except SearchUnavailable:  # missing or corrupt: start a new index in the folder
                target = index.create_in(self.folder, SCHEMA)
            writer = target.writer(limitmb=256, timeout=WRITE_WAIT_SECONDS)
            count = 0
            for product_id, fields in documents:
                writer.add_document(**_document(product_id, fields))
                count += 1
                progress()
            writer.commit(mergetype=CLEAR)
        return count
