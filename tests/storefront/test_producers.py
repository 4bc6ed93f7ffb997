"""/producers/<slug>: who makes it, and what of theirs is on sale."""
from datetime import timedelta

from tests.factories import make_product, make_seller


def test_producer_page_explains_owner_type_and_lists_sellable_products(client, today):
    seller = make_seller("HTX Chè Tân Cương", province="Thái Nguyên", owner_type="htx")
    make_product("Chè Tân Cương", seller=seller)
    make_product("Chè hết hạn", seller=seller, expires_on=today - timedelta(days=1))
    page = client.get(f"/producers/{seller.slug}")
    assert page.status_code == 200
    assert "Hợp tác xã (HTX)" in page.text and "cùng sản xuất, kinh doanh" in page.text
    assert "Chè Tân Cương" in page.text and "Chè hết hạn" not in page.text


def test_producer_without_products_on_sale_says_so(client):
    seller = make_seller()
    page = client.get(f"/producers/{seller.slug}")
    assert "chưa có sản phẩm OCOP nào đang bán" in page.text


def test_unverified_or_unknown_producer_is_404(client):
    pending = make_seller("HTX Chờ duyệt", status="pending")
    assert client.get(f"/producers/{pending.slug}").status_code == 404
    assert client.get("/producers/khong-co").status_code == 404


def test_producer_pages_through_its_products(app, client):
    app.config["PRODUCTS_PER_PAGE"] = 1
    seller = make_seller()
    make_product("Một", seller=seller)
    make_product("Hai", seller=seller)
    first = client.get(f"/producers/{seller.slug}")
    assert f'href="/producers/{seller.slug}?page=2"' in first.text
    assert "Một" in client.get(f"/producers/{seller.slug}?page=2").text
    assert client.get(f"/producers/{seller.slug}?page=3").status_code == 404
    assert client.get(f"/producers/{seller.slug}?page=0").status_code == 400
