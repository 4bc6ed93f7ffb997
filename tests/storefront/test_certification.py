"""/verify/<code>: what someone scanning the QR code on a jar is told."""
from datetime import date, timedelta

import pytest

from shop.certification.services import public_status, revoke_certificate
from shop.extensions import db
from tests.factories import make_certificate, make_product

DAY = timedelta(days=1)


def test_a_valid_certificate_says_so_and_links_the_product(client):
    product = make_product("Chè Tân Cương", stars=4)
    code = product.certificates[0].code
    page = client.get(f"/verify/{code.lower()}")
    assert page.status_code == 200
    assert "Chứng nhận OCOP còn hiệu lực" in page.text and "07/03/2029" in page.text
    assert f'href="/products/{product.slug}"' in page.text and "HTX Chè Tân Cương" in page.text


def test_an_expired_certificate_says_since_when(client, today):
    product = make_product(decision_date=date(2022, 1, 10))
    page = client.get(f"/verify/{product.certificates[0].code}")
    assert "Chứng nhận OCOP đã hết hạn" in page.text and "hết hiệu lực từ ngày 10/01/2025" in page.text
    assert f'href="/products/{product.slug}"' not in page.text  # not on sale any more


def test_a_revoked_certificate_gives_the_reason(client):
    certificate = make_product().certificates[0]
    revoke_certificate(certificate, reason="Không duy trì tiêu chuẩn chất lượng")
    db.session.commit()
    page = client.get(f"/verify/{certificate.code}")
    assert "đã bị thu hồi" in page.text and "Không duy trì tiêu chuẩn chất lượng" in page.text


def test_a_pending_certificate_is_not_called_valid(client):
    certificate = make_product(status="pending").certificates[0]
    page = client.get(f"/verify/{certificate.code}")
    assert "Chứng nhận chưa có hiệu lực" in page.text and "Chứng nhận OCOP còn hiệu lực" not in page.text


def test_an_unknown_code_is_a_404_that_says_so(client):
    page = client.get("/verify/OCOP-NONE-NONE")
    assert page.status_code == 404 and "Không tìm thấy chứng nhận OCOP" in page.text


@pytest.mark.parametrize("fields, status", [
    ({}, "valid"),
    ({"status": "pending"}, "pending"),
    ({"status": "rejected"}, "unknown"),
    ({"stars": 2}, "unknown"),
    ({"decision_date": date(2026, 6, 16)}, "pending"),
    ({"expires_on": date(2026, 6, 15)}, "valid"),
    ({"expires_on": date(2026, 6, 14)}, "expired"),
])
def test_public_status(today, fields, status):
    certificate = make_product(**fields).certificates[0]
    assert public_status(certificate, today) == status


def test_qr_code_is_an_svg_pointing_at_the_verify_page(client):
    code = make_product().certificates[0].code
    answer = client.get(f"/verify/{code}/qr.svg")
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    assert answer.data.startswith(b"<?xml") and b"<svg" in answer.data
    assert client.get("/verify/OCOP-NONE-NONE/qr.svg").status_code == 404


def test_printable_label_has_code_stars_and_qr(client):
    certificate = make_product(stars=5).certificates[0]
    page = client.get(f"/verify/{certificate.code}/label")
    assert page.status_code == 200
    assert certificate.code in page.text and "5 sao" in page.text
    assert f"/verify/{certificate.code}/qr.svg" in page.text
    assert f"http://localhost/verify/{certificate.code}" in page.text


def test_renewal_keeps_both_codes_verifiable(client, today):
    product = make_product(decision_date=date(2022, 1, 10))
    renewal = make_certificate(product, decision_date=today - 10 * DAY)
    assert "đã được thay thế" in client.get(f"/verify/{product.certificates[0].code}").text
    assert "Chứng nhận OCOP còn hiệu lực" in client.get(f"/verify/{renewal.code}").text


@pytest.mark.parametrize("fields", [{"status": "pending"}, {"status": "rejected"}, {"stars": 2},
                                    {"expires_on": date(2026, 6, 14)}])
def test_labels_are_printed_only_for_certificates_in_force(client, fields):
    certificate = make_product(**fields).certificates[0]
    assert client.get(f"/verify/{certificate.code}/label").status_code == 404


def test_a_rejected_submission_is_unknown_to_the_public(client):
    certificate = make_product(status="rejected").certificates[0]
    assert client.get(f"/verify/{certificate.code}").status_code == 404
    assert client.get(f"/verify/{certificate.code}/qr.svg").status_code == 404


def test_a_certificate_replaced_by_a_later_decision_is_superseded_not_valid(client, today):
    product = make_product(stars=4, decision_date=today - 400 * DAY)
    old = product.certificates[0]
    newer = make_certificate(product, stars=2, decision_date=today - 5 * DAY)
    page = client.get(f"/verify/{old.code}")
    assert "Chứng nhận OCOP đã được thay thế" in page.text and f'href="/verify/{newer.code}"' in page.text
    assert client.get(f"/api/v1/certificates/{old.code}").get_json()["status"] == "superseded"
    assert client.get(f"/verify/{old.code}/label").status_code == 404


def test_the_check_page_links_its_qr_code_and_a_printable_label_while_in_force(client):
    code = make_product().certificates[0].code
    page = client.get(f"/verify/{code}").text
    assert f'<img src="/verify/{code}/qr.svg"' in page and f'href="/verify/{code}/qr.svg" download' in page
    assert f'href="/verify/{code}/label"' in page
    assert client.get(f"/verify/{code}/label").status_code == 200


def test_an_expired_certificates_page_offers_its_qr_code_but_no_label(client):
    code = make_product(decision_date=date(2022, 1, 10)).certificates[0].code
    page = client.get(f"/verify/{code}").text
    assert f'href="/verify/{code}/qr.svg"' in page and client.get(f"/verify/{code}/qr.svg").status_code == 200
    assert f'href="/verify/{code}/label"' not in page
