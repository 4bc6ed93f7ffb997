"""Where to buy: /outlets (the OCOP outlets by province and kind) and /outlets/<slug> (one outlet and the
certified products it holds now), the product page's outlets and the home page's way there."""
from datetime import date, timedelta

import pytest

from shop.catalog.cache import catalog_version
from shop.certification.services import revoke_certificate
from shop.extensions import db
from shop.inventory.services import count_stock, fulfilment_location, receive_stock
from tests.factories import make_outlet, make_product, make_seller

DAY = timedelta(days=1)


def hanoi_and_hue():
    """Two outlets in Hà Nội (a sales point and a provincial centre) and one in Huế."""
    make_outlet()
    make_outlet("Trung tâm OCOP Hà Nội", slug="trung-tam-ocop-ha-noi", kind="provincial_centre")
    make_outlet("Điểm bán OCOP Huế", slug="diem-ban-ocop-hue", province="Huế", commune="Phường Thuận Hóa")


def test_the_directory_lists_outlets_never_a_producers_warehouse(client):
    hanoi_and_hue()
    fulfilment_location(make_product("Chè Tân Cương"))  # the producer's warehouse exists (and holds the units)
    page = client.get("/outlets")
    assert page.status_code == 200
    assert "Điểm bán OCOP Hồ Gươm" in page.text and "Trung tâm OCOP Hà Nội" in page.text
    assert "Điểm bán OCOP Huế" in page.text and "Kho HTX" not in page.text
    assert "3 điểm bán" in page.text
    assert '<option value="ha-noi" >Hà Nội (2)</option>' in page.text  # the provinces that have outlets, counted
    assert 'href="/outlets/diem-ban-ho-guom"' in page.text


@pytest.mark.parametrize("query, shown, title", [
    ("province=ha-noi", ["Hồ Gươm", "Trung tâm OCOP Hà Nội"], "Nơi mua sản phẩm OCOP ở Hà Nội"),
    ("kind=provincial_centre", ["Trung tâm OCOP Hà Nội"], "Nơi mua sản phẩm OCOP: Trung tâm OCOP cấp tỉnh"),
    ("province=hue&kind=sales_point", ["Điểm bán OCOP Huế"], "Nơi mua sản phẩm OCOP ở Huế: Điểm bán OCOP"),
    ("province=&kind=", ["Hồ Gươm", "Trung tâm OCOP Hà Nội", "Điểm bán OCOP Huế"], "Nơi mua sản phẩm OCOP"),
])
def test_the_directory_filters_by_province_and_kind_and_its_heading_says_so(client, query, shown, title):
    hanoi_and_hue()
    page = client.get(f"/outlets?{query}").text
    assert f"<h1>{title}</h1>" in page and f"<title>{title} · Chợ OCOP</title>" in page
    names = ["Hồ Gươm", "Trung tâm OCOP Hà Nội", "Điểm bán OCOP Huế"]
    assert [name for name in names if name in page] == shown


def test_a_filter_without_outlets_says_so_and_offers_them_all(client):
    hanoi_and_hue()
    page = client.get("/outlets?province=ca-mau").text
    assert "Chưa có điểm bán OCOP nào khớp với bộ lọc này." in page and 'href="/outlets"' in page
    assert '<option value="ca-mau" selected>Cà Mau (0)</option>' in page  # the chosen province stays chosen
    assert 'class="chip" href="/outlets"' in page  # its chip takes it off


def test_no_outlets_at_all_is_an_empty_state(client):
    page = client.get("/outlets")
    assert page.status_code == 200 and "Chưa có điểm bán OCOP nào." in page.text


@pytest.mark.parametrize("query", ["province=narnia", "kind=warehouse", "kind=sales_point%20", "page=0",
                                   "per_page=101"])
def test_a_bad_filter_is_a_400_page(client, query):
    answer = client.get(f"/outlets?{query}")
    assert answer.status_code == 400 and "Bộ lọc không hợp lệ" in answer.text


def test_the_directory_pages_through_outlets(client):
    hanoi_and_hue()
    first = client.get("/outlets?per_page=2").text
    assert "Trang 1 / 2" in first and 'href="/outlets?per_page=2&amp;page=2"' in first
    second = client.get("/outlets?per_page=2&page=2").text
    names = ["Hồ Gươm", "Trung tâm OCOP Hà Nội", "Điểm bán OCOP Huế"]
    assert sorted(name for name in names for page in (first, second) if f"{name}</a></h2>" in page) == sorted(names)
    assert client.get("/outlets?per_page=2&page=3").status_code == 404


def test_an_outlet_page_shows_how_to_get_there_and_its_certified_products(client):
    make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise")
    tea = make_product("Chè Tân Cương", stars=4)
    sauce = make_product("Nước mắm", stars=5, seller=make_seller("Công ty Khải Hoàn"))
    offline = make_product("Chè chưa lên sàn", published=False)  # certified, sold at the counter only
    outlet = make_outlet(stock=[(tea, 7), (sauce, 3), (offline, 2)])
    outlet.address, outlet.opening_hours, outlet.phone = "2 Lê Thái Tổ", "7:30–21:00, cả tuần", "0912345678"
    db.session.commit()
    page = client.get("/outlets/diem-ban-ho-guom").text
    assert "<h1>Điểm bán OCOP Hồ Gươm</h1>" in page and "2 Lê Thái Tổ, Phường Hoàn Kiếm, Hà Nội" in page
    assert "7:30–21:00, cả tuần" in page and 'href="tel:+84912345678">0912 345 678</a>' in page
    assert ('href="https://www.google.com/maps/search/?api=1&amp;query=2%20L%C3%AA%20Th%C3%A1i%20T%E1%BB%95%2C'
            '%20Ph%C6%B0%E1%BB%9Dng%20Ho%C3%A0n%20Ki%E1%BA%BFm%2C%20H%C3%A0%20N%E1%BB%99i%2C%20Vi%E1%BB%87t%20Nam"'
            in page)
    assert page.index("Nước mắm") < page.index("Chè Tân Cương")  # 5★ first
    assert "5 sao OCOP" in page and "4 sao OCOP" in page and "Có 7 sản phẩm tại đây" in page
    assert f'href="/products/{tea.slug}"' in page
    assert "Chè chưa lên sàn" in page and f'href="/products/{offline.slug}"' not in page  # no page online to link


def test_an_outlet_hides_what_is_not_certified_or_not_on_hand(client, today):
    expired = make_product("Mật ong hết hạn", expires_on=today - DAY)
    two_stars = make_product("Chè hai sao", stars=2)
    uncertified = make_product("Chè chưa chứng nhận", certificate=False)
    sold_out = make_product("Chè bán hết")
    outlet = make_outlet(stock=[(expired, 1), (two_stars, 1), (uncertified, 1), (sold_out, 1)])
    count_stock(outlet, sold_out, 0, note="Bán hết tại quầy")
    db.session.commit()
    page = client.get("/outlets/diem-ban-ho-guom").text
    assert "Điểm bán này hiện chưa có sản phẩm OCOP nào còn hàng." in page
    assert not any(name in page for name in ("Mật ong", "hai sao", "chưa chứng nhận", "bán hết"))
    assert 'href="/outlets?province=ha-noi"' in page


def test_a_product_leaves_the_outlet_page_the_day_its_certificate_lapses(app, client):
    tea = make_product("Chè Tân Cương", expires_on=date(2026, 6, 15))
    make_outlet(stock=[(tea, 5)])
    assert "Chè Tân Cương" in client.get("/outlets/diem-ban-ho-guom").text  # its last day
    assert "Chè Tân Cương" in client.get("/products/che-tan-cuong").text
    app.config["SHOP_TODAY"] = date(2026, 6, 16)
    assert "Chè Tân Cương" not in client.get("/outlets/diem-ban-ho-guom").text
    assert client.get("/api/v1/outlets/diem-ban-ho-guom/stock").get_json()["items"] == []


def test_a_revoked_product_leaves_the_outlet_page_at_once(client):
    tea = make_product("Chè Tân Cương")
    make_outlet(stock=[(tea, 5)])
    assert "Chè Tân Cương" in client.get("/outlets/diem-ban-ho-guom").text
    revoke_certificate(tea.certificates[0], reason="Vi phạm chất lượng")
    db.session.commit()
    assert "Chè Tân Cương" not in client.get("/outlets/diem-ban-ho-guom").text
    assert client.get("/api/v1/outlets/diem-ban-ho-guom/stock").get_json()["items"] == []


def test_outlet_stock_shows_at_once_and_leaves_the_catalog_version_alone(client):
    tea = make_product("Chè Tân Cương")
    outlet = make_outlet(stock=[(tea, 5)])
    client.get("/")  # the home page cached
    version = catalog_version()
    receive_stock(outlet, tea, 4, reason="receipt")
    db.session.commit()
    assert "Có 9 sản phẩm tại đây" in client.get("/outlets/diem-ban-ho-guom").text  # not cached
    assert catalog_version() == version


def test_an_unknown_outlet_or_a_warehouse_is_404(client):
    warehouse = fulfilment_location(make_product())
    db.session.commit()
    assert client.get(f"/outlets/{warehouse.slug}").status_code == 404
    assert client.get("/outlets/khong-co").status_code == 404


def test_the_product_page_lists_the_outlets_holding_it(client):
    tea = make_product("Chè Tân Cương")
    make_outlet(stock=[(tea, 5)])
    make_outlet("Điểm bán OCOP Huế", slug="diem-ban-ocop-hue", province="Huế", commune="Phường Thuận Hóa",
                stock=[(tea, 1)])
    emptied = make_outlet("Trung tâm trống", slug="trung-tam-trong", stock=[(tea, 2)])
    count_stock(emptied, tea, 0, note="Bán hết tại quầy")
    db.session.commit()
    page = client.get("/products/che-tan-cuong").text
    assert "Xem và mua tận nơi" in page
    assert 'href="/outlets/diem-ban-ho-guom">Điểm bán OCOP Hồ Gươm</a>' in page and "còn 5" in page
    assert 'href="/outlets/diem-ban-ocop-hue"' in page
    assert "Trung tâm trống" not in page  # sold out there
    assert "Kho HTX" not in page  # the producer's warehouse is not an outlet


def test_a_product_held_nowhere_has_no_outlet_box(client):
    make_product("Chè Tân Cương")
    assert "Xem và mua tận nơi" not in client.get("/products/che-tan-cuong").text


def test_the_cached_home_page_offers_every_province_to_find_outlets(client):
    make_product("Chè Tân Cương")
    page = client.get("/").text
    assert 'action="/outlets"' in page and '<option value="ca-mau">Cà Mau</option>' in page
    assert page.count('<option value="') == 34 + 1  # every province, and the whole country
    assert client.get("/").text == page  # the same for everyone


def test_the_sitemap_lists_the_directory_and_each_outlet(client):
    hanoi_and_hue()
    warehouse = fulfilment_location(make_product())
    db.session.commit()
    sitemap = client.get("/sitemap.xml").text
    assert "<loc>http://localhost/outlets</loc>" in sitemap
    assert "<loc>http://localhost/outlets/diem-ban-ocop-hue</loc>" in sitemap and warehouse.slug not in sitemap


def test_english_visitors_read_the_outlet_pages_in_english(client):
    tea = make_product("Chè Tân Cương")
    make_outlet(stock=[(tea, 5)])
    client.get("/language/en?next=/")
    assert "Where to buy OCOP products in Hà Nội" in client.get("/outlets?province=ha-noi").text
    page = client.get("/outlets/diem-ban-ho-guom").text
    assert "OCOP products here now" in page and "OCOP sales point" in page
    assert "See and buy in person" in client.get("/products/che-tan-cuong").text
