"""Vietnamese text helpers: diacritic folding, URL slugs, the words search indexes, numbers read out."""
import re
import secrets
import unicodedata

from whoosh.analysis import CharsetFilter, StandardAnalyzer
from whoosh.support.charset import accent_map

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read out over the phone


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics, đ/Đ included."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.lower().split())


def slugify(text: str) -> str:
    """Turn `text` into an ASCII slug: "Nước mắm Phú Quốc" → "nuoc-mam-phu-quoc"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def vietnamese_analyzer():
    """Lower-case words with diacritics folded (đ→d), short words and numbers kept, no stemming.

    "Nước mắm Đà Nẵng 43 độ đạm" → nuoc mam da nang 43 do dam, so a query typed
    with or without diacritics meets the same terms.
    """
    return StandardAnalyzer(stoplist=None, minsize=1) | CharsetFilter(accent_map)


_ANALYZER = vietnamese_analyzer()


def words(text: str) -> list[str]:
    """The searchable words of `text`, folded as the search index folds them."""
    return [token.text for token in _ANALYZER(text)]


def reference_number(prefix: str, day) -> str:
    """A short number a person can read out: prefix, date, 6 random characters ("DH-261123-7K2M9Q")."""
    return f"{prefix}-{day:%y%m%d}-{''.join(secrets.choice(_NUMBER_ALPHABET) for _ in range(6))}"
