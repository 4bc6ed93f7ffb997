"""Odd or hostile URLs get a clear answer (a 4xx, or a sane default), never a 500 — on SQLite and PostgreSQL."""
import pytest

from tests.factories import make_product

URLS = [
    "/products/%00", "/api/v1/products/%00", "/producers/%00", "/verify/%00", "/verify/%00/qr.svg",
    "/api/v1/certificates/%00", "/products?seller=%00", "/api/v1/products?seller=%00",
    "/products?group=%00", "/products?page=99999999999999999999", "/api/v1/products?page=1e3",
    "/api/v1/products?per_page=", "/products/S%E1%BA%A3n-ph%E1%BA%A9m", "/producers/x?page=abc",
    "/products?price_min=1e9", "/api/v1/products?stars=%00", "/verify/" + "A" * 500,
    "/language/en?next=%00", "/media/%00", "/products?sort=%00", "/01/%00", "/01/" + "8" * 500, "/01/%EF%BC%98",
    "/api/v1/trace/%00", "/api/v1/trace/" + "8" * 500, "/api/v1/trace/%ED%A0%80",
]


@pytest.mark.parametrize("url", URLS)
def test_odd_urls_never_get_a_server_error(client, url):
    make_product()
    answer = client.get(url)
    assert answer.status_code < 500, (url, answer.status_code)
    if url.startswith("/api/") and answer.status_code >= 400:
        assert "error" in answer.get_json()
