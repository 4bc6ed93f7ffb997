"""Storefront pages: what a buyer sees, and never sees."""
import json
import os
import re
from datetime import timedelta

import pytest

from shop.catalog.models import Product
from shop.certification.services import revoke_certificate
from shop.extensions import db
from shop.storefront.catalog import stock_label
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
    # catalog version, groups, count, page, its available units, one per facet (stars, group, province, owner type)
    assert len(many.statements) == len(one.statements) <= 9


def test_product_page_links_certificate_check_producer_and_related_products(client):
    product = make_product("Chè Tân Cương")
    make_product("Chè búp", seller=product.seller)
    make_product("Rượu", seller=product.seller, group="Đồ uống")
    page = client.get(f"/products/{product.slug}")
    code = product.certificates[0].code
    assert f'href="/verify/{code}"' in page.text
    assert f'href="/producers/{product.seller.slug}"' in page.text
    related = page.text.split('id="related-title"')[1]
    assert card_names(related) == ["Chè búp"]  # same group, not itself


@pytest.mark.parametrize("group, art", [
    ("Thực phẩm", "food"), ("Đồ uống", "drinks"), ("Dược liệu và sản phẩm từ dược liệu", "herbal"),
    ("Thủ công mỹ nghệ", "crafts"), ("Sinh vật cảnh", "plants"),
    ("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "tourism"),
])
def test_product_without_photo_shows_its_groups_drawing_with_alt_text(client, group, art):
    product = make_product("Sản phẩm chưa có ảnh", group=group)
    page = client.get(f"/products/{product.slug}")
    assert f'src="/static/img/groups/{art}.svg"' in page.text and 'alt="Chưa có ảnh: Sản phẩm chưa có ảnh"' in page.text
    assert f'src="/static/img/groups/{art}.svg"' in client.get("/products").text  # its card too
    with client.get(f"/static/img/groups/{art}.svg") as drawing:
        assert drawing.status_code == 200 and drawing.mimetype == "image/svg+xml"


@pytest.mark.parametrize("low_stock_at, available, label", [
    (5, 0, ("sold-out", "Hết hàng")),
    (5, 1, ("low", "Còn ít")),
    (5, 5, ("low", "Còn ít")),  # at the producer's warning
    (5, 6, None),
    (0, 1, None),  # a producer warned only when none are left
    (0, 0, ("sold-out", "Hết hàng")),
])
def test_a_cards_stock_label_follows_the_producers_low_stock_warning(low_stock_at, available, label):
    assert stock_label(Product(low_stock_at=low_stock_at), available) == label


def test_cards_say_when_few_are_left_or_none(client):
    make_product("Còn nhiều", stock=50)
    make_product("Sắp hết", stock=3)
    make_product("Đã hết", stock=0)
    page = client.get("/products").text
    cards = dict(re.findall(r"<h3>(.*?)</h3>.*?(Còn ít|Hết hàng|</li>)", page, re.S))
    assert cards == {"Còn nhiều": "</li>", "Sắp hết": "Còn ít", "Đã hết": "Hết hàng"}


def test_card_photos_keep_their_place_while_loading(client):
    product = make_product("Chè Tân Cương")
    product.image = "products/che.png"
    db.session.commit()
    card = client.get("/products").text.split('<li class="card">')[1]
    assert 'src="/media/products/che.png"' in card and 'width="400" height="300"' in card
    assert "srcset" not in card  # a photo stored before narrower copies were made is offered as it is


def test_product_photo_is_served_from_the_media_folder(app, client):
    product = make_product("Chè Tân Cương")
    product.image = "products/che.png"
    db.session.commit()
    folder = os.path.join(app.instance_path, "media", "products")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "che.png"), "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
    page = client.get(f"/products/{product.slug}")
    assert 'src="/media/products/che.png"' in page.text
    with client.get("/media/products/che.png") as photo:
        assert photo.data.startswith(b"\x89PNG")
    assert client.get("/media/../secret_key").status_code == 404


def test_product_page_describes_itself_to_search_engines_and_link_previews(client):
    product = make_product("Chè Tân Cương", price_vnd=150_000, stock=3)
    page = client.get(f"/products/{product.slug}").text
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert json_ld["@type"] == "Product" and json_ld["name"] == "Chè Tân Cương"
    assert json_ld["offers"] == {"@type": "Offer", "price": 150000, "priceCurrency": "VND",
                                 "availability": "https://schema.org/InStock",
                                 "priceValidUntil": product.certificates[0].expires_on.isoformat()}
    assert '<meta property="og:type" content="product">' in page
    assert '<meta property="og:title" content="Chè Tân Cương">' in page
    assert '<meta name="description" content="Chè Tân Cương — sản phẩm OCOP 4 sao' in page


def test_the_add_to_cart_form_offers_what_is_left_and_nothing_when_sold_out(client):
    in_stock = make_product(stock=7)
    page = client.get(f"/products/{in_stock.slug}").text
    assert 'action="/cart/add"' in page and 'max="7"' in page
    sold_out = make_product("Chè búp", stock=0)
    assert 'action="/cart/add"' not in client.get(f"/products/{sold_out.slug}").text


def test_home_offers_groups_provinces_and_a_producer_spotlight(client):
    product = make_product("Chè Tân Cương")
    page = client.get("/").text
    assert 'href="/products?group=thuc-pham"' in page and 'href="/products?province=thai-nguyen"' in page
    assert "Chủ thể OCOP tiêu biểu" in page and f'href="/producers/{product.seller.slug}"' in page


def test_sitemap_lists_only_sellable_products_and_their_producers(client, today):
    good = make_product("Còn hạn")
    expired = make_product("Hết hạn", seller=make_seller("HTX Khác"), expires_on=today - DAY)
    sitemap = client.get("/sitemap.xml")
    assert sitemap.mimetype == "application/xml"
    assert f"http://localhost/products/{good.slug}</loc>" in sitemap.text
    assert f"/products/{expired.slug}<" not in sitemap.text
    assert f"/producers/{good.seller.slug}<" in sitemap.text
    assert f"/producers/{expired.seller.slug}<" not in sitemap.text


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client):
    robots = client.get("/robots.txt").text
    assert "Sitemap: http://localhost/sitemap.xml" in robots and "Disallow: /seller/" in robots


def test_a_price_range_typed_high_to_low_is_read_the_way_it_was_meant(client):
    make_product("Chè Tân Cương", price_vnd=150_000)
    make_product("Rượu táo mèo", price_vnd=600_000)
    page = client.get("/products?price_min=500000&price_max=1000")
    assert page.status_code == 200 and card_names(page.text) == ["Chè Tân Cương"]
    assert 'name="price_min" type="number" min="0" step="1000" inputmode="numeric" value="1000"' in page.text
    assert client.get("/api/v1/products?price_min=500000&price_max=1000").status_code == 400  # as documented


def heading_and_title(html: str) -> tuple[str, str]:
    return re.search(r"<h1>(.*?)</h1>", html).group(1), re.search(r"<title>(.*?)</title>", html).group(1)


@pytest.mark.parametrize("query, heading", [
    ("", "Sản phẩm OCOP"),
    ("?group=ca-phe-ca-cao", "Cà phê, ca cao — Sản phẩm OCOP"),
    ("?province=lam-dong", "Sản phẩm OCOP ở Lâm Đồng"),
    ("?group=ca-phe-ca-cao&province=lam-dong&stars=4", "Cà phê, ca cao ở Lâm Đồng — Sản phẩm OCOP"),
    ("?q=cà+phê&group=thuc-pham", "Kết quả cho “cà phê”"),
    ("?stars=5", "Sản phẩm OCOP 5 sao"),
    ("?seller=htx-cau-dat", "Sản phẩm OCOP của HTX Cầu Đất"),
])
def test_the_listing_heading_and_title_say_what_is_shown(client, query, heading):
    make_product("Cà phê Cầu Đất", subgroup="Cà phê, ca cao", seller=make_seller("HTX Cầu Đất", province="Lâm Đồng"))
    page = client.get(f"/products{query}").text
    assert heading_and_title(page) == (heading, f"{heading} · Chợ OCOP")


def test_active_filters_are_chips_that_each_remove_their_own(client):
    make_product("Cà phê Cầu Đất", subgroup="Cà phê, ca cao", seller=make_seller("HTX Cầu Đất", province="Lâm Đồng"))
    page = client.get("/products?group=ca-phe-ca-cao&province=lam-dong&price_max=200000&sort=price_asc").text
    assert "Bộ lọc (3)" in page  # the sort is not a filter
    chips = dict((label.strip(), href) for href, label in re.findall(
        r'<a class="chip" href="([^"]*)"><span class="visually-hidden">Bỏ lọc</span>\s*(.*?)\s*<span', page, re.S))
    assert chips == {
        "Cà phê, ca cao": "/products?province=lam-dong&amp;price_max=200000&amp;sort=price_asc",
        "Lâm Đồng": "/products?group=ca-phe-ca-cao&amp;price_max=200000&amp;sort=price_asc",
        "Đến 200.000\xa0₫": "/products?group=ca-phe-ca-cao&amp;province=lam-dong&amp;sort=price_asc",
    }
    plain = client.get("/products").text
    assert 'class="chip"' not in plain and "Bộ lọc (" not in plain



@pytest.mark.parametrize("fee, free_from, says", [
    (None, None, ["Phí vận chuyển: 30.000 ₫"]),  # the shop's default fee
    (20_000, 500_000, ["Phí vận chuyển: 20.000 ₫", "Miễn phí vận chuyển khi mua từ 500.000 ₫ của HTX Chè Tân Cương"]),
    (0, 500_000, ["Miễn phí vận chuyển"]),
])
def test_the_product_page_names_its_producers_shipping(client, fee, free_from, says):
    product = make_product("Chè Tân Cương")
    product.seller.shipping_fee_vnd, product.seller.free_shipping_over_vnd = fee, free_from
    db.session.commit()
    page = client.get(f"/products/{product.slug}").text.replace("\xa0", " ")
    shipping = re.search(r'<p class="shipping">(.*?)</p>', page, re.S).group(1)
    assert shipping.split("<br>") == says
