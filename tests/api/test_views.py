"""JSON API v1: the same sellable products, fields per the contract, clear 400s."""
import re
from datetime import timedelta

import pytest

from shop.catalog.filters import ProductFilters
from tests.factories import make_product

DAY = timedelta(days=1)


def test_products_lists_sellable_items_with_contract_fields(client, today):
    product = make_product("Chè Tân Cương", stars=4, price_vnd=150_000)
    make_product("Hết hạn", expires_on=today - DAY)
    body = client.get("/api/v1/products").get_json()
    assert body["total"] == 1 and body["page"] == 1
    [item] = body["items"]
    certificate = product.certificates[0]
    assert item == {
        "slug": product.slug, "name": "Chè Tân Cương", "price_vnd": 150000, "unit": "sản phẩm",
        "stars": 4, "group": {"slug": "thuc-pham", "name": "Thực phẩm"}, "province": "Thái Nguyên",
        "seller": {"slug": "htx-che-tan-cuong", "name": "HTX Chè Tân Cương", "owner_type": "htx"},
        "certificate": {"code": certificate.code, "expires_on": certificate.expires_on.isoformat()},
    }


def test_products_pages_and_filters_by_stars(client):
    for stars, name in ((3, "Ba sao"), (4, "Bốn sao"), (5, "Năm sao")):
        make_product(name, stars=stars)
    assert [i["name"] for i in client.get("/api/v1/products?stars=4").get_json()["items"]] == ["Bốn sao"]
    second = client.get("/api/v1/products?per_page=2&page=2").get_json()
    assert second["total"] == 3 and [i["name"] for i in second["items"]] == ["Ba sao"]


@pytest.mark.parametrize("query, message", [
    ("page=-1", "page must be between 1 and 1000000"),
    ("page=abc", "page must be a whole number"),
    ("per_page=0", "per_page must be between 1 and 100"),
    ("sort=cheapest", "unknown sort"),
    ("province=narnia", "unknown province"),
    ("price_min=500&price_max=100", "price_min must not be above price_max"),
    ("per_page=10000", "per_page must be between 1 and 100"),
    ("stars=9", "stars must be between 3 and 5"),
    ("seller=tp%20", "seller must be a slug"),  # values are taken as sent, as the OpenAPI document says
    ("owner_type=htx%20", "unknown owner_type"),
    ("stars=%204", "stars must be a whole number"),
    ("q=" + "a%20" * 100 + "a", "q is 201 characters long"),  # counted as sent, like the search box's maxlength
    ("q=!!", "q has no letters or digits"),
])
def test_bad_parameters_get_a_400_json_error(client, query, message):
    answer = client.get(f"/api/v1/products?{query}")
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "bad_parameter"
    assert message in answer.get_json()["error"]["message"]


def test_an_empty_filter_is_the_same_as_none(client):
    make_product("Chè Tân Cương")
    empty = "&".join(f"{name}=" for name in ProductFilters.__dataclass_fields__) + "&page=&per_page="
    assert client.get(f"/api/v1/products?{empty}").get_json()["total"] == 1


def test_shop_today_past_every_expiry_empties_the_api(app, client, today):
    make_product(expires_on=today + DAY)
    app.config["SHOP_TODAY"] = today + 2 * DAY
    assert client.get("/api/v1/products").get_json() == {"items": [], "total": 0, "total_capped": False,
                                                         "page": 1, "per_page": 24}


def test_product_detail_is_404_json_unless_sellable(client, today):
    good = make_product("Còn hạn")
    expired = make_product("Hết hạn", expires_on=today - DAY)
    assert client.get(f"/api/v1/products/{good.slug}").get_json()["name"] == "Còn hạn"
    answer = client.get(f"/api/v1/products/{expired.slug}")
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"


def test_unknown_api_url_answers_json_not_html(client):
    answer = client.get("/api/v1/nothing-here")
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"


def test_certificate_endpoint_reports_status_and_what_it_certifies(client, today):
    product = make_product("Chè Tân Cương", stars=4)
    code = product.certificates[0].code
    body = client.get(f"/api/v1/certificates/{code}").get_json()
    assert body["status"] == "valid" and body["stars"] == 4 and body["code"] == code
    assert body["product"] == {"slug": product.slug, "name": "Chè Tân Cương"}
    assert body["seller"]["owner_type"] == "htx" and body["revoked_reason"] is None


def test_certificate_endpoint_says_expired_after_expiry(app, client, today):
    code = make_product(expires_on=today).certificates[0].code
    app.config["SHOP_TODAY"] = today + DAY
    assert client.get(f"/api/v1/certificates/{code}").get_json()["status"] == "expired"


def test_unknown_certificate_is_404_with_status_unknown(client):
    answer = client.get("/api/v1/certificates/OCOP-NONE-NONE")
    assert answer.status_code == 404
    assert answer.get_json()["status"] == "unknown" and answer.get_json()["error"]["code"] == "not_found"


def test_openapi_document_describes_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.") and document["servers"] == [{"url": "http://localhost/api/v1"}]
    described = {"/api/v1" + path.replace("{", "<").replace("}", ">") for path in document["paths"]}
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert routes - {"/api/v1/openapi.json"} == described


def test_openapi_listing_parameters_are_the_ones_the_listing_reads(client):
    document = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in document["paths"]["/products"]["get"]["parameters"]}
    assert names == set(ProductFilters.__dataclass_fields__) | {"page", "per_page"}
