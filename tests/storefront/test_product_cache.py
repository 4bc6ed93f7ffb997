"""The product page is served from the page cache, its stock, buy form (with each visitor's CSRF token) and the
outlets holding it filled in at every request: a hit runs no query through the pool while the stock stands (one after
it changed), a sale or a revocation shows at once."""
import re
from datetime import timedelta

from flask import template_rendered
from sqlalchemy import select

from shop.catalog.cache import HOLE, CatalogState
from shop.certification.services import revoke_certificate
from shop.extensions import db
from shop.inventory.services import take_stock
from tests.accounts.support import csrf_token, log_in, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.orders.support import add_to_cart
from tests.stamps.support import batch_of

TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def version() -> int:
    return db.session.scalar(select(CatalogState.version))


def stock(page) -> str:
    return re.search(r'<p class="stock">([^<]*)</p>', page.text)[1]


def test_a_hit_reads_little_and_shows_the_stock_after_a_sale(client, count_queries):
    product = make_product(stock=10)
    path = f"/products/{product.slug}"
    assert stock(client.get(path)) == "Còn 10 sản phẩm"
    take_stock(product, 3, reference="DH-1")
    db.session.commit()
    with count_queries() as counted:
        page = client.get(path)
    assert stock(page) == "Còn 7 sản phẩm" and HOLE not in page.text
    # PostgreSQL hears the version and the sale (shop/catalog/version_watch.py), SQLite reads both versions through
    # the driver (shop/catalog/version_file.py): the units and outlets are read again, in one statement
    assert len(counted.statements) == 1
    with count_queries() as counted:
        assert stock(client.get(path)) == "Còn 7 sản phẩm"
    assert len(counted.statements) == 0
    take_stock(product, 7, reference="DH-2")  # sold out: the cards' "Hết hàng" brings a new version
    db.session.commit()
    page = client.get(path)
    assert stock(page) == "Tạm hết hàng" and 'class="add-to-cart"' not in page.text
    assert "https://schema.org/OutOfStock" in page.text


def test_units_past_their_best_before_leave_the_page_the_next_day(app, client):
    product = make_product(stock=0)
    batch_of(product, units=5)  # best before in 170 days
    path = f"/products/{product.slug}"
    assert stock(client.get(path)) == "Còn 5 sản phẩm"
    app.config["SHOP_TODAY"] = TODAY + timedelta(days=170)
    assert stock(client.get(path)) == "Còn 5 sản phẩm"
    app.config["SHOP_TODAY"] = TODAY + timedelta(days=171)
    assert stock(client.get(path)) == "Tạm hết hàng"


def test_the_buy_form_follows_the_units_without_a_new_version(client):
    product = make_product(stock=20)  # warned at 5: selling 4 changes no card, so no version
    assert 'max="20"' in client.get(f"/products/{product.slug}").text
    before = version()
    take_stock(product, 4, reference="DH-1")
    db.session.commit()
    page = client.get(f"/products/{product.slug}")
    assert version() == before
    assert 'max="16"' in page.text and "https://schema.org/InStock" in page.text


def test_a_sale_renders_no_buy_form_again_only_its_figure_moves(app, client):
    product = make_product(stock=20)
    client.get(f"/products/{product.slug}")
    take_stock(product, 4, reference="DH-1")
    db.session.commit()
    rendered = []
    with template_rendered.connected_to(lambda _app, template, **_: rendered.append(template.name), app):
        page = client.get(f"/products/{product.slug}")
    assert rendered == [] and stock(page) == "Còn 16 sản phẩm" and 'max="16"' in page.text


def test_an_outlet_receiving_the_product_shows_on_the_cached_page(client):
    product = make_product()
    assert "Xem và mua tận nơi" not in client.get(f"/products/{product.slug}").text
    before = version()
    make_outlet(stock=[(product, 6)])
    assert version() == before
    page = client.get(f"/products/{product.slug}").text
    assert "Điểm bán OCOP Hồ Gươm" in page and "còn 6" in page


def test_a_revocation_takes_the_cached_page_down_at_once(client):
    product = make_product()
    assert client.get(f"/products/{product.slug}").status_code == 200
    revoke_certificate(product.certificates[0], reason="Vi phạm")
    db.session.commit()
    assert client.get(f"/products/{product.slug}").status_code == 404


def test_each_visitor_gets_their_own_token_and_no_one_elses_name(app, client):
    product = make_product()
    make_user("lan@example.vn", name="Nguyễn Thị Lan")
    log_in(client, "lan@example.vn")
    other = app.test_client()
    mine, theirs = client.get(f"/products/{product.slug}"), other.get(f"/products/{product.slug}")
    assert csrf_token(client, f"/products/{product.slug}") != csrf_token(other, f"/products/{product.slug}")
    assert TOKEN.sub("", mine.text) == TOKEN.sub("", theirs.text)  # the same page but for the token
    assert "Nguyễn Thị Lan" not in theirs.text
    assert add_to_cart(other, product, 2).status_code == 302  # the token filled into the cached page is theirs
    assert other.get_cookie("cart_count").value == "2"


def test_text_that_looks_like_a_hole_is_shown_as_written(client):
    product = make_product()
    product.description = "live-part-0123456789abcdef-buy"  # the marker's shape, without this process's secret
    db.session.commit()
    assert product.description in client.get(f"/products/{product.slug}").text


def test_a_hit_renders_no_template_yet_hands_each_new_visitor_their_own_working_token(app, client):
    product = make_product()
    make_outlet(stock=[(product, 6)])
    assert "còn 6" in client.get(f"/products/{product.slug}").text  # renders the page and its live parts once
    rendered = []
    with template_rendered.connected_to(lambda _app, template, **_: rendered.append(template.name), app):
        visitors = [app.test_client() for _ in range(2)]
        tokens = [csrf_token(visitor, f"/products/{product.slug}") for visitor in visitors]
    assert rendered == [] and tokens[0] != tokens[1] and HOLE not in tokens[0]
    for visitor, quantity in zip(visitors, (1, 2), strict=True):
        assert add_to_cart(visitor, product, quantity).status_code == 302
        assert visitor.get_cookie("cart_count").value == str(quantity)


def test_a_visitor_in_english_gets_the_live_parts_in_english(app, client):
    product = make_product()
    make_outlet(stock=[(product, 6)])
    assert stock(client.get(f"/products/{product.slug}")) == "Còn 10 sản phẩm"
    english = app.test_client()
    english.get("/language/en")
    page = english.get(f"/products/{product.slug}").text
    assert "10 left" in page and "Add to cart" in page and "6 left" in page and "Thêm vào giỏ" not in page
    assert stock(client.get(f"/products/{product.slug}")) == "Còn 10 sản phẩm"


def test_a_sold_out_page_opens_no_session_for_a_new_visitor(app, client):
    product = make_product(stock=0)
    assert stock(client.get(f"/products/{product.slug}")) == "Tạm hết hàng"
    page = app.test_client().get(f"/products/{product.slug}")
    assert stock(page) == "Tạm hết hàng" and "Set-Cookie" not in page.headers
