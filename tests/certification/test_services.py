"""Certificate rules: validity, certifying authority, public codes, revocation."""
from datetime import date

import pytest

from shop.certification.services import (
    add_months,
    authority_level_for,
    default_expiry,
    new_certificate_code,
    revoke_certificate,
)
from shop.extensions import db
from tests.factories import make_product


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 10), 36, date(2029, 1, 10)),
    (date(2024, 2, 29), 36, date(2027, 2, 28)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2026, 3, 15), -36, date(2023, 3, 15)),
])
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_certificates_last_36_months():
    assert default_expiry(date(2025, 7, 6)) == date(2028, 7, 6)


@pytest.mark.parametrize("stars, decided, level", [
    (5, date(2021, 6, 30), "national"),
    (3, date(2022, 5, 1), "province"),     # Decision 1048: the province certified
    (3, date(2024, 5, 1), "district"),     # Decision 148: districts certified 3★
    (4, date(2024, 5, 1), "province"),
    (3, date(2025, 7, 6), "province"),     # Decision 1489: districts abolished
])
def test_authority_level_follows_the_decisions_in_force(stars, decided, level):
    assert authority_level_for(stars, decided) == level


def test_certificate_codes_are_unambiguous_and_distinct():
    codes = {new_certificate_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(code.startswith("OCOP-") and not set(code[5:]) & set("01IO") for code in codes)


def test_revocation_needs_a_verified_certificate_and_a_reason():
    certificate = make_product().certificates[0]
    with pytest.raises(ValueError, match="needs a reason"):
        revoke_certificate(certificate, reason="  ")
    revoke_certificate(certificate, reason="Sai lệch chất lượng")
    db.session.commit()
    assert certificate.status == "revoked" and certificate.status_reason == "Sai lệch chất lượng"
    with pytest.raises(ValueError, match="only a verified certificate"):
        revoke_certificate(certificate, reason="again")
