"""Vietnamese text helpers: diacritic folding and URL slugs."""
import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics, đ/Đ included."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.lower().split())


def slugify(text: str) -> str:
    """Turn `text` into an ASCII slug: "Nước mắm Phú Quốc" → "nuoc-mam-phu-quoc"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")
