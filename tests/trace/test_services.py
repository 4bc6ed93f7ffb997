"""GS1 Digital Link's AI 01: a GTIN's value is 14 digits, the canonical form zero-pads a GTIN-13; the page's
address is exactly that, as GS1's syntax for AI 01 writes it."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.catalog.gtin import GtinInvalid, check_digit
from shop.storefront.trace import digital_link
from shop.trace.services import DIGITAL_LINK_PATH, canonical, gtin_of

# GS1 Digital Link URI syntax (v1.1, §6): a primary key path segment "/01/" followed by the GTIN, always 14 digits.
GS1_AI_01 = re.compile(r"/01/(\d{14})")


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_gtin_13s_digital_link_path_keeps_to_gs1s_syntax(app, body):
    gtin = body + check_digit(body)
    with app.test_request_context():
        path = digital_link(gtin)
    assert GS1_AI_01.fullmatch(path) and DIGITAL_LINK_PATH.fullmatch(path)
    assert path == f"/01/{canonical(gtin)}" and gtin_of(canonical(gtin)) == gtin_of(gtin) == gtin


@pytest.mark.parametrize("segment", ["18934563138162", "0893456313816", "008934563138165"])
def test_what_is_not_a_gtin_13_in_14_digits_is_refused(segment):
    with pytest.raises(GtinInvalid):
        gtin_of(segment)
