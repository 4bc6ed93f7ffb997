"""Phone numbers: every spelling of a Vietnamese number reaches one normal form; nothing else does."""
import re
import sys
import unicodedata

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.phones import display_phone, normal_phone

PLAN = phonenumbers.PhoneMetadata.metadata_for_region("VN")
# National significant numbers drawn from Vietnam's numbering plan itself: 9 digits for mobiles, 10 for fixed lines.
NATIONAL = st.one_of([st.from_regex(re.compile(plan.national_number_pattern, re.ASCII), fullmatch=True)
                      for plan in (PLAN.mobile, PLAN.fixed_line)])
ZEROS = [chr(c) for c in range(sys.maxunicode + 1)
         if unicodedata.category(chr(c)) == "Nd" and unicodedata.digit(chr(c)) == 0]  # every script's 0
PREFIXES = ["0", "84", "+84", "+84 ", "0084", "+84 (0) ", "+840"]


def in_script(text: str, zero: str) -> str:
    """`text` with its ASCII digits written in the script whose 0 is `zero`."""
    return "".join(chr(ord(zero) + int(c)) if c.isascii() and c.isdigit() else c for c in text)


def grouped(digits: str, separator: str) -> str:
    """Digits split in threes, the way people type them: "912 345 678"."""
    return separator.join(digits[i:i + 3] for i in range(0, len(digits), 3))


@given(national=NATIONAL, prefix=st.sampled_from(PREFIXES), separator=st.sampled_from(["", " ", ".", "-"]),
       zero=st.sampled_from(ZEROS))
def test_every_spelling_of_a_number_has_the_same_normal_form(national, prefix, separator, zero):
    normal = "0" + national
    typed = prefix + grouped(national, separator)
    assert normal_phone(typed) == normal
    assert normal_phone(in_script(typed, zero)) == normal  # any digit script reads like ASCII
    assert normal_phone(normal) == normal  # idempotent
    assert normal.isascii() and normal.isdigit() and len(normal) in (10, 11)


@given(typed=st.text(max_size=20))
def test_whatever_is_accepted_is_ascii_digits_in_normal_form(typed):
    normal = normal_phone(typed)
    if normal is not None:
        assert normal.isascii() and normal.isdigit() and len(normal) in (10, 11) and normal_phone(normal) == normal


@pytest.mark.parametrize("typed", [
    "091234567", "09123456789",  # a digit short, a digit too many
    "+1 650 253 0000",  # another country's number
    "1900 1234", "1800 1234",  # premium and toll-free service numbers, not a person's phone
    "0912345678a", "0912345678 ext 12", "tel:+84912345678", "0912345678\x00",  # libphonenumber would drop these
    "", "+", "---",
])
def test_what_is_not_a_vietnamese_phone_is_refused(typed):
    assert normal_phone(typed) is None


def test_a_kept_trunk_zero_is_read_as_written_not_doubled():
    assert normal_phone("+840912345678") == "0912345678"  # "+84 (0)912…", never "00912345678"


@pytest.mark.parametrize("stored, shown", [
    ("0912345678", "0912 345 678"), ("02438253535", "024 3825 3535"), ("00912345678", "00912345678")])
def test_numbers_are_shown_grouped_and_old_rows_as_they_are(stored, shown):
    assert display_phone(stored) == shown
