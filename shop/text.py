"""Vietnamese text helpers: diacritic folding, URL slugs, and the words search indexes."""
import re
import unicodedata

from whoosh.analysis import CharsetFilter, StandardAnalyzer
from whoosh.support.charset import accent_map

_NON_SLUG = re.compile(r"[^a-z0-9]+")


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
