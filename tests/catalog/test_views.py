"""Storefront pages: what a buyer sees, and never sees."""
import re
from datetime import timedelta

from shop.certification.services import revoke_certificate
from shop.extensions import db
from tests.factories import make_product, make_seller

DAY = timedelta(days=1)


def card_names(html: str) -> list[str]:
    return re.findall(r"<h3>(.*?)</h3>", html)


def test_listing_shows_sellable_products_with_star_badge_and_price(client):
    make_product("Chè Tân Cương", stars=4, price_vnd=150_000)
    page = client.get("/products")
    assert page.status_code == 200
    assert card_names(page.text) == ["Chè Tân Cương"]
    assert "4 sao OCOP" in page.text and "★★★★<" in page.text
    assert "150.000\xa0₫" in page.text


def test_listing_hides_every_kind_of_unsellable_product(client, today):
    make_product("Còn hiệu lực")
    make_product("Hết hạn", expires_on=today - DAY)
    make_product("Hai sao", stars=2)
    make_product("Chờ duyệt", status="pending")
    make_product("Chưa đăng", published=False)
    make_product("Nhà sản xuất bị đình chỉ", seller=make_seller("HTX Khác", status="suspended"))
    revoked = make_product("Bị thu hồi")
    revoke_certificate(revoked.certificates[0], reason="Vi phạm")
    db.session.commit()
    assert card_names(client.get("/products").text) == ["Còn hiệu lực"]
    assert card_names(client.get("/").text) == ["Còn hiệu lực"]


def test_listing_is_paginated_newest_first(app, client):
    app.config["PRODUCTS_PER_PAGE"] = 2
    for name in ("Một", "Hai", "Ba"):
        make_product(name)
    first, second = client.get("/products"), client.get("/products?page=2")
    assert card_names(first.text) == ["Ba", "Hai"]
    assert card_names(second.text) == ["Một"]
    assert "Trang 2 / 2" in second.text
    assert client.get("/products?page=3").status_code == 404
    assert client.get("/products?page=0").status_code == 400


def test_empty_shop_says_so_with_a_way_back(client):
    page = client.get("/products")
    assert page.status_code == 200
    assert "Hiện chưa có sản phẩm nào đang bán" in page.text
    assert 'href="/"' in page.text


def test_product_page_shows_certificate_and_producer(client):
    product = make_product("Chè Tân Cương", stars=5, stock=7)
    certificate = product.certificates[0]
    page = client.get(f"/products/{product.slug}")
    assert page.status_code == 200
    assert certificate.code in page.text and certificate.decision_number in page.text
    assert "5 sao OCOP" in page.text
    assert "HTX Chè Tân Cương" in page.text and "Hợp tác xã" in page.text
    assert "ngày 07/03/2026" in page.text and "07/03/2029" in page.text  # decided, valid until
    assert "Còn 7" in page.text


def test_unsellable_or_unknown_product_page_is_a_404_with_a_way_back(client, today):
    expired = make_product(expires_on=today - DAY)
    for url in (f"/products/{expired.slug}", "/products/khong-co"):
        page = client.get(url)
        assert page.status_code == 404
        assert 'href="/products"' in page.text


def test_shop_today_past_every_expiry_lists_nothing(app, client, today):
    product = make_product(expires_on=today + 30 * DAY)
    assert card_names(client.get("/products").text) == [product.name]
    app.config["SHOP_TODAY"] = today + 31 * DAY
    assert card_names(client.get("/products").text) == []
    assert client.get(f"/products/{product.slug}").status_code == 404


def test_listing_runs_the_same_few_queries_whatever_the_page_size(app, client, count_queries):
    app.config["PRODUCTS_PER_PAGE"] = 30
    make_product("Một")
    with count_queries() as one:
        client.get("/products")
    for n in range(20):
        make_product(f"Sản phẩm {n}", seller=make_seller(f"HTX số {n}"))
    with count_queries() as many:
        page = client.get("/products")
    assert len(card_names(page.text)) == 21
    # groups, count, page, one per facet (stars, group, province, owner type)
    assert len(many.statements) == len(one.statements) <= 7
