"""Two hosts of one shop (README "Running several hosts"): two gunicorn servers, each with its own instance folder,
on one PostgreSQL database, with Redis for rate limits, PostgreSQL search and photos kept in the database."""
import json
import os
import urllib.error
import urllib.request
import uuid

import pytest
import redis

from shop.catalog.models import Product
from shop.extensions import db
from shop.search.service import reindex
from tests.accounts.support import PASSWORD, make_user
from tests.conftest import TODAY
from tests.factories import make_product, make_seller
from tests.support.files import png_bytes
from tests.support.server import running_shop, shop_environment
from tests.support.visitor import Visitor
from tests.workspace.workflow import producer_signed_up, product_form

REDIS = "redis://127.0.0.1:6379/15"  # the local Redis's last database: this test's own, emptied first


@pytest.fixture(scope="module")
def hosts(database_url, tmp_path_factory):
    """Two running hosts (one worker each, so each has one page cache) sharing the database and Redis."""
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("several hosts share one PostgreSQL database: needs TEST_DATABASE_URL (CI sets it)")
    redis.Redis.from_url(REDIS).flushdb()  # no login attempts counted by an earlier run
    settings = {"SHOP_TODAY": TODAY.isoformat(), "SEARCH_BACKEND": "postgres", "MEDIA_STORE": "database",
                "RATELIMIT_STORAGE_URI": REDIS}
    folders = [tmp_path_factory.mktemp(f"host-{name}") for name in "ab"]
    with (running_shop(shop_environment(database_url, INSTANCE_PATH=str(folders[0]), **settings), workers=1) as a,
          running_shop(shop_environment(database_url, INSTANCE_PATH=str(folders[1]), **settings), workers=1) as b):
        yield (a, folders[0]), (b, folders[1])


@pytest.fixture(autouse=True)
def _postgres_search(app):
    """Products made here are indexed where the hosts search (the fixtures restore the setting after each test)."""
    app.config["SEARCH_BACKEND"] = "postgres"


def signed_in(base: str, email: str) -> Visitor:
    visitor = Visitor(base)
    status, _ = visitor.post_form("/account/login", "/account/login", email=email, password=PASSWORD)
    assert status == 302, f"{email} could not sign in on {base}"
    return visitor


def fetch_file(url: str) -> tuple[int, dict, bytes]:
    """(status, headers, body) of GET `url`."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as refused:
        with refused:
            return refused.code, refused.headers, b""


def test_a_photo_uploaded_through_one_host_is_served_by_the_other(hosts, client):
    (a, a_folder), (b, b_folder) = hosts
    seller = producer_signed_up(client, email="anh@example.vn")
    seller.status = "verified"
    db.session.commit()
    producer = signed_in(a, "anh@example.vn")
    status, _ = producer.post_files("/seller/products/new", producer.csrf_token("/seller/products/new"),
                                    {"image": ("che.png", png_bytes(colour=(20, 120, 40)))}, **product_form())
    assert status == 302
    db.session.expire_all()
    image = db.session.query(Product).one().image
    for name in (image, image.replace(".png", "-320w.png")):
        status, headers, body = fetch_file(f"{b}/media/{name}")
        assert status == 200 and headers["Content-Type"] == "image/png" and body.startswith(b"\x89PNG")
        assert headers["X-Content-Type-Options"] == "nosniff" and "max-age=86400" in headers["Cache-Control"]
    assert not any((folder / "media").exists() for folder in (a_folder, b_folder))  # in the database, not on a disk
    assert fetch_file(f"{b}/media/products/unknown.png")[0] == 404


def test_failed_logins_split_between_the_hosts_count_together(hosts):
    (a, _), (b, _) = hosts
    email = f"doan-{uuid.uuid4().hex[:6]}@example.vn"
    make_user(email)
    visitors = {base: Visitor(base) for base in (a, b)}
    tokens = {base: visitor.csrf_token("/account/login") for base, visitor in visitors.items()}
    for base in (a, b, a, b, a):  # the account's five attempts a minute, three on one host and two on the other
        status, _ = visitors[base].post("/account/login", tokens[base], email=email, password="sai mật khẩu")
        assert status == 200
    assert visitors[b].post("/account/login", tokens[b], email=email, password=PASSWORD)[0] == 429


def test_a_revocation_through_one_host_shows_on_the_other_at_its_next_request(hosts):
    (a, _), (b, _) = hosts
    product = make_product("Mật ong bạc hà")
    code, slug = product.current_certificate.code, product.slug
    make_user("vanphong@ocop.gov.vn", office=True)
    reader = Visitor(b)
    for _ in range(2):  # the second answer comes from host b's page cache
        assert slug in reader.get("/products")[1] and slug in reader.get("/api/v1/products")[1]
    office = signed_in(a, "vanphong@ocop.gov.vn")
    status, _ = office.post_form(f"/office/certificates/{code}/revoke", f"/office/certificates/{code}",
                                 reason="Mẫu kiểm tra không đạt")
    assert status == 302
    assert slug not in reader.get("/products")[1] and slug not in reader.get("/api/v1/products")[1]
    assert reader.get(f"/products/{slug}")[0] == 404


def test_a_search_answers_the_same_on_both_hosts(hosts):
    (a, _), (b, _) = hosts
    tea = make_seller("HTX Chè Tân Cương")
    for name in ("Chè Tân Cương", "Chè búp", "Nước mắm Phú Quốc"):
        make_product(name, seller=tea)
    reindex()
    answers = [json.loads(Visitor(base).get("/api/v1/products?q=che%20bup")[1]) for base in (a, b)]
    assert answers[0] == answers[1]
    assert [item["name"] for item in answers[0]["items"]][0] == "Chè búp"
