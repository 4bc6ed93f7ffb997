"""GTIN-13 (EAN-13) numbers on products: the GS1 check digit, and what a person typed checked and tidied.

Pure functions, no database: the product form, the office, the import, the counter and the GS1 Digital Link
page all check a GTIN here. Vietnam's GS1 prefix is 893; another prefix is allowed with a warning (an imported
or foreign-registered code is legitimate, but rare for an OCOP product).
"""
import re

from flask_babel import lazy_gettext as _l

from shop.errors import Invalid

LENGTH = 13
VIETNAM_PREFIX = "893"
_TYPED_SEPARATORS = re.compile(r"[\s\-]+")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


class GtinInvalid(Invalid):
    """Not a GTIN-13: the reason for people (Vietnamese) is the message; `problem` says it in English, for the
    import's `line N: gtin: reason` and the API."""

    def __init__(self, message, problem: str):
        super().__init__(message)
        self.problem = problem


def check_digit(body: str) -> str:
    """The GS1 mod-10 check digit of `body` (the digits before it): weights 3, 1, 3, … from the right."""
    total = sum(int(digit) * (3 if place % 2 == 0 else 1) for place, digit in enumerate(reversed(body)))
    return str(-total % 10)


def is_valid(gtin: str) -> bool:
    """True when `gtin` is all digits and its last digit is the GS1 check digit of the others."""
    return bool(_DIGITS.fullmatch(gtin)) and len(gtin) >= 2 and check_digit(gtin[:-1]) == gtin[-1]


def normalized(typed: str) -> str:
    """The 13 digits of a GTIN-13 as typed (spaces and dashes dropped); GtinInvalid with the reason otherwise."""
    gtin = _TYPED_SEPARATORS.sub("", typed or "")
    if not _DIGITS.fullmatch(gtin):
        raise GtinInvalid(_l("Mã GTIN chỉ gồm chữ số."), f"{gtin[:40]!r} is not all digits")
    if len(gtin) != LENGTH:
        raise GtinInvalid(_l("Mã GTIN-13 gồm đúng 13 chữ số (đã nhập %(count)s).", count=len(gtin)),
                          f"a GTIN-13 has 13 digits, not {len(gtin)}")
    if not is_valid(gtin):
        digit = check_digit(gtin[:-1])
        raise GtinInvalid(_l("Chữ số kiểm tra của mã GTIN không đúng: chữ số cuối phải là %(digit)s.", digit=digit),
                          f"wrong check digit: {gtin} should end in {digit}")
    return gtin


def warning_for(gtin: str):
    """A warning to show when a valid GTIN does not carry Vietnam's prefix 893, else None."""
    if gtin.startswith(VIETNAM_PREFIX):
        return None
    return _l("Mã GTIN %(gtin)s không bắt đầu bằng 893 (mã quốc gia Việt Nam). Hãy kiểm tra lại nếu sản phẩm "
              "sản xuất trong nước.", gtin=gtin)


def check_gtin(typed: str) -> tuple:
    """(the GTIN's 13 digits, a warning or None) for what a person typed; GtinInvalid with the reason if refused."""
    gtin = normalized(typed)
    return gtin, warning_for(gtin)
