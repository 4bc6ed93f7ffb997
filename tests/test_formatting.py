"""Money in the visitor's language: the shop's own VND formatting writes exactly what Babel writes."""
import pytest
from babel.numbers import format_currency
from flask_babel import force_locale

from shop.formatting import vnd
from shop.i18n import LANGUAGES

AMOUNTS = [0, 1, 9, 10, 999, 1_000, 15_000, 150_000, 999_999, 1_000_000, 12_345_678, 2_000_000_000, 10**15]


@pytest.mark.parametrize("language", LANGUAGES)
def test_vnd_writes_what_babel_writes(app, language):
    with app.test_request_context(), force_locale(language):
        for amount in AMOUNTS + [-amount for amount in AMOUNTS]:
            assert vnd(amount) == format_currency(amount, "VND", locale=language)


def test_vnd_of_nothing_is_empty(app):
    with app.test_request_context():
        assert vnd(None) == ""


def test_vnd_follows_the_language_of_the_request(app):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert vnd(150_000) == "₫150,000"
        with force_locale("vi"):
            assert vnd(150_000) == "150.000\xa0₫"
