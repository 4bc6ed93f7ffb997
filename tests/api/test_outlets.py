"""JSON API v1, where to buy: /outlets, /outlets/<slug>/stock, and the outlets and online units of a product."""
from datetime import timedelta

import pytest

from shop.extensions import db
from shop.inventory.services import fulfilment_location, reserve_stock
from tests.factories import make_outlet, make_product

DAY = timedelta(days=1)


def test_outlets_lists_outlets_with_contract_fields_never_a_warehouse(client):
    outlet = make_outlet(stock=[(make_product("Chè Tân Cương"), 2)])  # the product's warehouse exists too
    outlet.address = "2 Lê Thái Tổ"
    db.session.commit()
    body = client.get("/api/v1/outlets").get_json()
    assert body == {"items": [{"slug": "diem-ban-ho-guom", "name": "Điểm bán OCOP Hồ Gươm", "kind": "sales_point",
                               "province": "Hà Nội", "commune": "Phường Hoàn Kiếm", "address": "2 Lê Thái Tổ"}],
                    "total": 1, "page": 1, "per_page": 24}


def test_outlets_filter_by_province_and_kind_and_page(client):
    make_outlet()
    make_outlet("Trung tâm OCOP Hà Nội", slug="trung-tam-ocop-ha-noi", kind="provincial_centre")
    make_outlet("Điểm bán OCOP Huế", slug="diem-ban-ocop-hue", province="Huế")

    def slugs(query):
        return sorted(item["slug"] for item in client.get(f"/api/v1/outlets?{query}").get_json()["items"])
    assert slugs("province=ha-noi") == ["diem-ban-ho-guom", "trung-tam-ocop-ha-noi"]
    assert slugs("province=ha-noi&kind=provincial_centre") == ["trung-tam-ocop-ha-noi"]
    assert slugs("kind=regional_centre") == []
    assert slugs("province=&kind=") == ["diem-ban-ho-guom", "diem-ban-ocop-hue", "trung-tam-ocop-ha-noi"]
    second = client.get("/api/v1/outlets?per_page=2&page=2").get_json()
    assert second["total"] == 3 and second["per_page"] == 2 and len(second["items"]) == 1


@pytest.mark.parametrize("query, message", [
    ("province=narnia", "unknown province"),
    ("kind=warehouse", "unknown kind"),
    ("kind=sales_point%20", "unknown kind"),
    ("page=0", "page must be between 1 and 1000000"),
    ("per_page=abc", "per_page must be a whole number"),
])
def test_outlets_bad_parameters_get_a_400_json_error(client, query, message):
    answer = client.get(f"/api/v1/outlets?{query}")
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "bad_parameter" and message in answer.get_json()["error"]["message"]


def test_outlet_stock_has_only_certified_products_on_hand(client, today):
    tea = make_product("Chè Tân Cương", stars=4)
    expired = make_product("Mật ong hết hạn", expires_on=today - DAY)
    two_stars = make_product("Chè hai sao", stars=2)
    outlet = make_outlet(stock=[(tea, 7), (expired, 3), (two_stars, 1)])
    outlet.opening_hours, outlet.phone = "7:30–21:00", "0912345678"
    db.session.commit()
    body = client.get("/api/v1/outlets/diem-ban-ho-guom/stock").get_json()
    certificate = tea.certificates[0]
    assert body == {
        "outlet": {"slug": "diem-ban-ho-guom", "name": "Điểm bán OCOP Hồ Gươm", "kind": "sales_point",
                   "province": "Hà Nội", "commune": "Phường Hoàn Kiếm", "address": None,
                   "opening_hours": "7:30–21:00", "phone": "0912345678"},
        "items": [{"slug": tea.slug, "name": "Chè Tân Cương", "stars": 4, "on_hand": 7,
                   "certificate": {"code": certificate.code, "expires_on": certificate.expires_on.isoformat()}}]}


def test_outlet_stock_of_a_warehouse_or_unknown_outlet_is_404(client):
    warehouse = fulfilment_location(make_product())
    db.session.commit()
    for slug in (warehouse.slug, "khong-co"):
        answer = client.get(f"/api/v1/outlets/{slug}/stock")
        assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"


def test_a_product_says_its_units_online_and_the_outlets_holding_it(client):
    tea = make_product("Chè Tân Cương", stock=10)
    make_outlet(stock=[(tea, 5)])
    make_outlet("Điểm bán OCOP Huế", slug="diem-ban-ocop-hue", province="Huế", stock=[(tea, 1)])
    reserve_stock(tea, 3, reference="DH-260615-AAAAAA")  # a card order holds 3 of the warehouse's units
    db.session.commit()
    body = client.get(f"/api/v1/products/{tea.slug}").get_json()
    assert body["available"] == 7 and body["name"] == "Chè Tân Cương"
    assert sorted(body["outlets"], key=lambda o: o["slug"]) == [
        {"slug": "diem-ban-ho-guom", "name": "Điểm bán OCOP Hồ Gươm", "province": "Hà Nội", "on_hand": 5},
        {"slug": "diem-ban-ocop-hue", "name": "Điểm bán OCOP Huế", "province": "Huế", "on_hand": 1}]


def test_the_product_list_stays_without_outlet_stock(client):
    make_outlet(stock=[(make_product("Chè Tân Cương"), 5)])
    [item] = client.get("/api/v1/products").get_json()["items"]
    assert "outlets" not in item and "available" not in item  # the cached list never carries outlet stock
