"""/api/v1/trace/<gtin>: the GS1 Digital Link page's content as JSON, and 404s with a code and a reason."""
from datetime import date

from shop.extensions import db
from tests.factories import make_product

GTIN = "8934563138165"


def _with_gtin(product):
    product.gtin = GTIN
    db.session.commit()
    return product


def test_a_product_on_sale_answers_its_producer_and_certificate(client):
    tea = _with_gtin(make_product("Chè Tân Cương", stars=4))
    for form in (GTIN, f"0{GTIN}"):
        body = client.get(f"/api/v1/trace/{form}").get_json()
        assert body["gtin"] == GTIN and body["digital_link"].endswith(f"/01/0{GTIN}")
        assert body["status"] == "valid"
        assert body["product"] == {"slug": tea.slug, "name": "Chè Tân Cương", "unit": tea.unit, "on_sale": True,
                                   "url": body["product"]["url"]}
        assert body["product"]["url"].endswith(f"/products/{tea.slug}")
        assert body["seller"]["name"] == "HTX Chè Tân Cương" and body["seller"]["province"] == "Thái Nguyên"
        assert body["certificate"]["code"] == tea.current_certificate.code
        assert body["certificate"]["status"] == "valid" and body["certificate"]["stars"] == 4


def test_an_expired_certificate_is_said_and_the_product_is_off_sale(client):
    _with_gtin(make_product("Mật ong", decision_date=date(2022, 1, 10)))
    body = client.get(f"/api/v1/trace/{GTIN}").get_json()
    assert body["status"] == "expired" and body["certificate"]["expires_on"] == "2025-01-10"
    assert body["product"]["on_sale"] is False and body["product"]["url"] is None


def test_a_product_without_a_certificate_has_none(client):
    _with_gtin(make_product("Chè", certificate=False))
    body = client.get(f"/api/v1/trace/{GTIN}").get_json()
    assert body["status"] == "unknown" and body["certificate"] is None


def test_a_bad_check_digit_is_a_404_with_its_reason(client):
    answer = client.get("/api/v1/trace/8934563138164")
    assert answer.status_code == 404
    body = answer.get_json()
    assert body["error"] == {"code": "bad_gtin", "message": "wrong check digit: 8934563138164 should end in 5"}
    assert "chữ số cuối phải là 5" in body["reason"]


def test_an_unknown_gtin_is_a_404_not_found(client):
    answer = client.get(f"/api/v1/trace/{GTIN}")
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"


def test_the_document_describes_the_trace(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/trace/{gtin}" in document["paths"] and "Trace" in document["components"]["schemas"]
