"""/01/<gtin>: the GS1 Digital Link page a product's barcode or QR leads to — the product, its producer, its
certificate's live status by /verify's rules; 404s that say why; one canonical address (AI 01 as 14 digits)."""
from datetime import date

import pytest

from shop.certification.services import revoke_certificate
from shop.extensions import db
from tests.factories import make_product, make_seller

GTIN = "8934563138165"
PAGE = f"/01/0{GTIN}"


def _with_gtin(product, gtin=GTIN):
    product.gtin = gtin
    db.session.commit()
    return product


def test_a_product_on_sale_shows_its_producer_certificate_and_links(client):
    tea = _with_gtin(make_product("Chè Tân Cương", stars=4))
    code = tea.current_certificate.code
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.text
    assert "Chè Tân Cương" in text and "HTX Chè Tân Cương" in text and "Thái Nguyên" in text
    assert "Chứng nhận OCOP còn hiệu lực" in text and "có hiệu lực đến hết ngày 07/03/2029" in text
    assert f'href="/products/{tea.slug}"' in text and f'href="/verify/{code}"' in text
    assert f"GTIN {GTIN}" in text


def test_an_expired_certificate_says_so_and_the_product_is_not_linked(client):
    honey = _with_gtin(make_product("Mật ong", decision_date=date(2022, 1, 10)))
    text = client.get(PAGE).text
    assert "Chứng nhận OCOP đã hết hạn" in text and "hết hiệu lực từ ngày 10/01/2025" in text
    assert f'href="/products/{honey.slug}"' not in text
    assert f'href="/verify/{honey.current_certificate.code}"' in text


def test_a_revoked_certificate_gives_the_reason(client):
    tea = _with_gtin(make_product("Chè Tân Cương"))
    revoke_certificate(tea.current_certificate, reason="Không duy trì tiêu chuẩn chất lượng")
    db.session.commit()
    text = client.get(PAGE).text
    assert "Chứng nhận OCOP đã bị thu hồi" in text and "Không duy trì tiêu chuẩn chất lượng" in text
    assert f'href="/products/{tea.slug}"' not in text


def test_a_product_without_a_certificate_says_it_has_none(client):
    _with_gtin(make_product("Chè chưa chứng nhận", certificate=False))
    page = client.get(PAGE)
    assert page.status_code == 200 and "chưa có giấy chứng nhận OCOP đã được xác minh" in page.text


def test_the_13_digit_form_redirects_permanently_to_the_canonical_14_digits(client):
    _with_gtin(make_product())
    answer = client.get(f"/01/{GTIN}")
    assert answer.status_code == 301 and answer.location == PAGE


@pytest.mark.parametrize("path, reason", [
    (f"/01/0{GTIN[:-1]}4", "chữ số cuối phải là 5"),
    ("/01/893456313816", "gồm đúng 13 chữ số (đã nhập 12)"),
    ("/01/893456313816x", "chỉ gồm chữ số"),
    (f"/01/1{GTIN}", "GTIN-14 của một thùng hàng"),
    (PAGE, "Không có sản phẩm OCOP nào mang mã GTIN 8934563138165"),  # well formed, nobody's
])
def test_a_gtin_not_found_is_a_404_that_says_why(client, path, reason):
    page = client.get(path)
    assert page.status_code == 404 and reason in page.text


def test_an_unverified_producers_product_is_not_shown(client):
    _with_gtin(make_product(seller=make_seller("Hộ bà Lan", status="pending")))
    assert client.get(PAGE).status_code == 404
