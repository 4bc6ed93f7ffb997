"""Absolute links come from SHOP_URL, never from the request; a Host the shop does not serve gets a 400."""
import io
import logging
import re

import pytest
import segno
from flask import url_for
from sqlalchemy import select

from shop import create_app
from shop.extensions import db
from shop.links import external_url, local_path, static_url
from shop.orders.models import Order
from tests.accounts.support import csrf_token, make_user
from tests.factories import make_product
from tests.orders.support import add_to_cart, check_out
from tests.workspace.workflow import post_form, producer_signed_up

SHOP = "https://cho-ocop.example.vn"


@pytest.fixture
def elsewhere(app):
    """The shop's public address differs from the test client's host (localhost), which stays trusted."""
    app.config.update(SHOP_URL=SHOP, TRUSTED_HOSTS=["cho-ocop.example.vn", "localhost"])


def ask_for_reset(client, caplog, email="lan@example.vn", **headers) -> tuple:
    """POST the reset form (its CSRF token fetched under the normal host); the answer and what was mailed."""
    token = csrf_token(client, "/account/reset")
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        answer = client.post("/account/reset", data={"email": email, "csrf_token": token}, headers=headers)
    return answer, caplog.text


@pytest.mark.usefixtures("elsewhere")
def test_a_reset_link_is_built_from_shop_url(client, caplog):
    make_user("lan@example.vn")
    answer, mailed = ask_for_reset(client, caplog)
    assert answer.status_code == 200
    link = re.search(r"\S+/account/reset/\S+", mailed).group(0)
    assert link.startswith(f"{SHOP}/account/reset/") and "localhost" not in mailed
    assert client.get(link.removeprefix(SHOP)).status_code == 200  # the token in it is a real one


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "evil.example:80"])
def test_a_forged_host_is_refused_and_nothing_is_mailed(client, caplog, host):
    make_user("lan@example.vn")
    answer, mailed = ask_for_reset(client, caplog, Host=host)
    assert answer.status_code == 400 and "Chợ OCOP không phục vụ tên miền này" in answer.text
    assert "email to" not in mailed and "evil" not in answer.text


@pytest.mark.parametrize("method, path", [("POST", "/account/reset"), ("GET", "/products?stars=9"),
                                          ("GET", "/static/css/shop.css"), ("PUT", "/"), ("GET", "/no-such-page"),
                                          ("GET", "/products?q=%00"), ("GET", "/orders/%00")])
def test_a_forged_host_gets_the_same_readable_400_everywhere(client, method, path):
    """Even where another error would come first (no CSRF token, a bad filter, a wrong method, a missing page,
    a control character the input policy refuses)."""
    answer = client.open(path, method=method, headers={"Host": "evil example"})
    assert answer.status_code == 400 and "Chợ OCOP không phục vụ tên miền này" in answer.text
    assert 'href="http://localhost/"' in answer.text  # the way back is built from SHOP_URL


def test_the_refusal_is_json_under_the_api(client):
    answer = client.get("/api/v1/products", headers={"Host": "evil.example"})
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "untrusted_host"


@pytest.fixture
def behind_a_proxy(app):
    """The shop on the same database, behind one trusted reverse proxy (TRUSTED_PROXIES=1)."""
    proxied = create_app({key: app.config[key] for key in (
        "TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "SHOP_URL", "TRUSTED_HOSTS", "SHOP_TODAY",
        "SESSION_COOKIE_SECURE", "SEARCH_INDEX_DIR")} | {"TRUSTED_PROXIES": 1})
    yield proxied.test_client()
    with proxied.app_context():
        db.engine.dispose()


def test_behind_a_proxy_a_forged_forwarded_host_is_refused(behind_a_proxy, caplog):
    make_user("lan@example.vn")
    forged, mailed = ask_for_reset(behind_a_proxy, caplog, **{"X-Forwarded-Host": "evil.example"})
    assert forged.status_code == 400 and "email to" not in mailed
    honest, mailed = ask_for_reset(behind_a_proxy, caplog, **{"X-Forwarded-Host": "localhost"})
    assert honest.status_code == 200 and "http://localhost/account/reset/" in mailed


@pytest.mark.usefixtures("elsewhere")
def test_a_staff_invitation_links_to_shop_url(client, caplog):
    seller = producer_signed_up(client)
    seller.status = "verified"
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        post_form(client, "/seller/staff", email="nhanvien@example.vn")
    assert re.search(rf"{SHOP}/seller/invitations/\S+", caplog.text) and "localhost" not in caplog.text


@pytest.mark.usefixtures("elsewhere")
def test_an_order_confirmation_links_to_shop_url(client, caplog):
    add_to_cart(client, make_product("Chè Tân Cương", stock=5))
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        check_out(client, email="minh@example.vn")
    number = db.session.scalars(select(Order.number)).one()
    assert f"Đơn {number}" in caplog.text and f"Theo dõi đơn: {SHOP}/orders/lookup" in caplog.text


@pytest.mark.usefixtures("elsewhere")
def test_a_certificate_qr_code_and_label_point_at_shop_url(client):
    code = make_product().certificates[0].code
    expected = io.BytesIO()
    segno.make(f"{SHOP}/verify/{code}", error="m").save(expected, kind="svg", scale=4, border=2,
                                                        title=f"OCOP {code}")
    assert client.get(f"/verify/{code}/qr.svg").data == expected.getvalue()
    assert f"{SHOP}/verify/{code}" in client.get(f"/verify/{code}/label").text


@pytest.mark.usefixtures("elsewhere")
def test_what_search_engines_read_points_at_shop_url(client):
    product = make_product("Chè Tân Cương")
    sitemap = client.get("/sitemap.xml").text
    assert f"<loc>{SHOP}/products/{product.slug}</loc>" in sitemap and "localhost" not in sitemap
    assert f"Sitemap: {SHOP}/sitemap.xml" in client.get("/robots.txt").text
    page = client.get(f"/products/{product.slug}").text
    assert f'"url": "{SHOP}/products/{product.slug}"' in page
    assert f'<meta property="og:url" content="{SHOP}/products/{product.slug}">' in page
    assert f'<meta property="og:image" content="{SHOP}/static/img/groups/food.svg">' in page
    assert client.get("/api/v1/openapi.json").get_json()["servers"] == [{"url": f"{SHOP}/api/v1"}]


def test_links_keep_shop_urls_path_and_need_no_request(app):
    """Outside any request (a CLI command, a cron job), under a path prefix."""
    app.config["SHOP_URL"] = "https://tinh.example.vn/cho-ocop"
    assert external_url("catalog.product", slug="che") == "https://tinh.example.vn/cho-ocop/products/che"
    assert external_url("catalog.products", q="nước mắm", stars=[4, 5]) == (
        "https://tinh.example.vn/cho-ocop/products?q=n%C6%B0%E1%BB%9Bc+m%E1%BA%AFm&stars=4&stars=5")


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
                                    "https://evil.example/", "javascript:alert(1)", "products", "", None])
def test_a_next_target_off_the_site_falls_back_to_the_default(target):
    assert local_path(target, "/account/profile") == "/account/profile"


@pytest.mark.parametrize("target", ["/products?q=mật+ong", "/seller/products", "/"])
def test_a_local_next_target_is_kept(target):
    assert local_path(target) == target


@pytest.mark.parametrize("mount", ["", "/cho"])
def test_static_files_are_linked_as_flask_links_them_under_any_mount_and_host(app, elsewhere, mount):
    for host in ("localhost", "cho-ocop.example.vn"):
        with app.test_request_context(base_url=f"http://{host}{mount}"):
            linked = static_url("css/shop.css")
            assert linked == url_for("static", filename="css/shop.css") == f"{mount}/static/css/shop.css"
