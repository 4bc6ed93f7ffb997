"""Vietnamese phone numbers, read with libphonenumber (the `phonenumbers` port) and Vietnam's numbering plan.

A number is stored and compared in one normal form, its national digits
("0912345678"), whatever way it was typed, and shown grouped ("0912 345 678").
"""
import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

REGION = "VN"
KINDS = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
# Digits of any script, spaces, dots, dashes and brackets, and a leading +: no letters, no extension.
TYPED = re.compile(r"\+?[\d\s.()-]{1,30}")


def normal_phone(typed: str) -> str | None:
    """The national digits of a Vietnamese mobile or fixed-line number, or None if `typed` is not one.

    "0912 345 678", "+84 912 345 678", "84912345678", "+84 (0) 912 345 678" and the
    same in full-width or Arabic-Indic digits all give "0912345678"; short numbers,
    service numbers (1800, 1900) and other countries' numbers give None.
    """
    if not TYPED.fullmatch(typed):
        return None
    try:
        number = phonenumbers.parse(typed, REGION)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, REGION) or phonenumbers.number_type(number) not in KINDS:
        return None
    return "0" + phonenumbers.national_significant_number(number)


def display_phone(stored: str) -> str:
    """A stored number grouped as it is written in Vietnam ("0912 345 678", "024 3825 3535")."""
    if normal_phone(stored) is None:
        return stored  # a row written before numbers were checked: shown as it is
    return phonenumbers.format_number(phonenumbers.parse(stored, REGION), PhoneNumberFormat.NATIONAL)


def phone_uri(stored: str) -> str:
    """A `tel:` link to a stored number, in its international form ("tel:+84912345678"), dialable from anywhere."""
    if normal_phone(stored) is None:
        return "tel:" + "".join(ch for ch in stored if ch.isdigit() or ch == "+")
    return "tel:" + phonenumbers.format_number(phonenumbers.parse(stored, REGION), PhoneNumberFormat.E164)
