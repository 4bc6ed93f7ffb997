"""Vietnamese text analysis for search: words folded to plain ASCII, nothing dropped."""
from whoosh.analysis import CharsetFilter, StandardAnalyzer
from whoosh.support.charset import accent_map


def vietnamese_analyzer():
    """Lower-case words with diacritics folded (đ→d), short words and numbers kept, no stemming.

    "Nước mắm Đà Nẵng 43 độ đạm" → nuoc mam da nang 43 do dam, so a query typed
    with or without diacritics meets the same terms.
    """
    return StandardAnalyzer(stoplist=None, minsize=1) | CharsetFilter(accent_map)


_ANALYZER = vietnamese_analyzer()


def words(text: str) -> list[str]:
    """The searchable words of `text`, folded as the index folds them."""
    return [token.text for token in _ANALYZER(text)]
