"""GTIN-13 check digits (GS1 mod-10, weights 3 and 1 from the right) and what people type, as properties and
known barcodes."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.catalog.gtin import GtinInvalid, check_digit, check_gtin, is_valid, normalized

TWELVE_DIGITS = st.text(alphabet="0123456789", min_size=12, max_size=12)


def _weighted_check_digit(body: str) -> str:
    """The check digit computed the way GS1's manual shows it: odd positions from the right ×3."""
    odd = sum(int(d) for d in body[::-1][0::2])
    even = sum(int(d) for d in body[::-1][1::2])
    return str((10 - (odd * 3 + even) % 10) % 10)


@given(TWELVE_DIGITS)
def test_twelve_digits_and_their_check_digit_are_a_valid_gtin(body):
    assert check_digit(body) == _weighted_check_digit(body)
    assert is_valid(body + check_digit(body))


@given(TWELVE_DIGITS, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_changing_any_single_digit_makes_it_invalid(body, place, shift):
    gtin = body + check_digit(body)
    changed = gtin[:place] + str((int(gtin[place]) + shift) % 10) + gtin[place + 1:]
    assert not is_valid(changed)


@pytest.mark.parametrize("gtin", ["4006381333931", "5901234123457", "8934563138165"])  # a pen, GS1's example, 893…
def test_known_barcodes_are_valid(gtin):
    assert is_valid(gtin)


def test_a_wrong_check_digit_names_the_right_one(app):
    assert check_digit("893456313816") == "5"  # so 8934563138164 is not a GTIN
    with pytest.raises(GtinInvalid, match="chữ số cuối phải là 5") as refused:
        normalized("8934563138164")
    assert refused.value.problem == "wrong check digit: 8934563138164 should end in 5"


def test_spaces_and_dashes_people_type_are_dropped():
    assert check_gtin(" 893 4563-138165 ") == ("8934563138165", None)


def test_a_prefix_other_than_vietnams_is_a_warning_not_a_refusal(app):
    gtin, warning = check_gtin("4006381333931")
    assert gtin == "4006381333931" and "không bắt đầu bằng 893" in str(warning)


@pytest.mark.parametrize("typed, reason, problem", [
    ("893456313816", "gồm đúng 13 chữ số (đã nhập 12)", "has 13 digits, not 12"),
    ("89345631381650", "gồm đúng 13 chữ số (đã nhập 14)", "has 13 digits, not 14"),
    ("893456313816X", "chỉ gồm chữ số", "is not all digits"),
    ("８９３４５６３１３８１６５", "chỉ gồm chữ số", "is not all digits"),  # full-width digits are not ASCII
    ("", "chỉ gồm chữ số", "is not all digits"),
])
def test_wrong_length_and_non_digits_are_refused_with_the_reason(app, typed, reason, problem):
    with pytest.raises(GtinInvalid, match=re.escape(reason)) as refused:
        check_gtin(typed)
    assert problem in refused.value.problem
