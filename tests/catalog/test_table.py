"""The in-memory catalog table: it agrees with SQL, a product page and a cold listing cost a few queries
whatever their size, and a revocation shows at the next request however warm the table is."""
from itertools import product as combinations

import pytest
from sqlalchemy import func

from shop.catalog.filters import ProductFilters
from shop.catalog.listing import COLUMNS, FACETS, _matching
from shop.catalog.table import TABLE, _groups_by_slug, catalog_table
from shop.certification.services import revoke_certificate
from shop.extensions import db
from tests.factories import make_filter_shelf, make_product, make_seller
from tests.storefront.test_catalog import card_names


def cold(app) -> None:
    """Empty this worker's page cache, as after a catalog change (the table stays for its version)."""
    app.extensions.pop("catalog_cache", None)


def test_the_table_counts_and_filters_as_sql_does(today):
    make_filter_shelf()
    make_filter_shelf("Hai ")
    groups = _groups_by_slug()
    table = catalog_table(today)
    for stars, group, province, seller in combinations(
            (None, 4), (None, "thuc-pham", "che", "khong-co"), (None, "an-giang"), (None, "htx-che-tan-cuong")):
        criteria = ProductFilters(stars=stars, group=group, province=province, seller=seller,
                                  price_min=100_000).criteria(groups)
        for facet in FACETS:
            column = COLUMNS[facet]
            in_sql = db.session.execute(_matching(today, criteria).with_only_columns(column, func.count())
                                        .group_by(column)).all()
            assert dict(table.count_by(criteria, facet)) == dict(in_sql), (criteria, facet)
        in_sql = db.session.scalars(_matching(today, criteria).with_only_columns(COLUMNS["id"])
                                    .order_by(COLUMNS["price"], COLUMNS["id"].desc())).all()
        assert [row.id for row in table.ordered(criteria, "price_asc")] == in_sql


def test_the_table_is_read_again_after_any_catalog_change(today):
    product = make_product(price_vnd=150_000)
    first = catalog_table(today)
    assert catalog_table(today) is first
    product.price_vnd = 90_000
    db.session.commit()
    assert [row.price for row in catalog_table(today).rows] == [90_000]


def test_the_table_remembers_a_bounded_number_of_answers(today, monkeypatch):
    monkeypatch.setattr("shop.catalog.table.HELD", 5)
    for n in range(3):
        make_product(f"Chè số {n}", price_vnd=10_000 + n, seller=make_seller(f"HTX số {n}"))
    table = catalog_table(today)
    every = ProductFilters().criteria({})
    assert [row.price for row in table.ordered(every, "price_asc")] == [10_000, 10_001, 10_002]
    table.ordered(every, "price_desc")
    assert table.answers.held == 3 and len(table.answers) == 1  # the older order made room
    assert table.count_by(every, "stars") == {4: 3}


def test_a_product_page_runs_the_same_few_queries_however_many_related_products_it_shows(app, client, count_queries):
    product = make_product("Chè Tân Cương")
    make_product("Chè búp", seller=product.seller)
    client.get(f"/products/{product.slug}")
    with count_queries() as one_related:
        assert client.get(f"/products/{product.slug}").status_code == 200
    for n in range(8):
        make_product(f"Chè số {n}", seller=make_seller(f"HTX số {n}"))
    client.get(f"/products/{product.slug}")  # the table is read once per catalog version
    with count_queries() as among_many:
        page = client.get(f"/products/{product.slug}")
    assert page.text.count('class="card') >= 4
    assert len(among_many.statements) == len(one_related.statements) <= 8


@pytest.mark.parametrize("query", ["", "?stars=4&sort=price_asc&page=2", "?group=che&province=thai-nguyen&sort=stars"])
def test_a_cold_listing_runs_the_same_few_queries_whatever_the_page_size(app, client, count_queries, query):
    for n in range(12):
        make_product(f"Chè số {n}", subgroup="Chè", price_vnd=10_000 + n, seller=make_seller(f"HTX số {n}"))
    app.config["PRODUCTS_PER_PAGE"] = 2
    client.get(f"/products{query}")
    cold(app)
    with count_queries() as small:
        assert client.get(f"/products{query}").status_code == 200
    app.config["PRODUCTS_PER_PAGE"] = 5
    cold(app)
    with count_queries() as large:
        page = client.get(f"/products{query}")
    assert len(card_names(page.text)) == 5
    # the table's version and the page's products with their available units (the page cache's version runs no
    # query through the pool: tests/catalog/test_cache.py)
    assert len(large.statements) == len(small.statements) == 2


def test_a_listing_after_a_catalog_change_reads_the_table_once_more(app, client, count_queries):
    make_product()
    client.get("/products")
    make_product("Chè búp")
    with count_queries() as counted:
        assert card_names(client.get("/products").text) == ["Chè búp", "Chè Tân Cương"]
    assert len(counted.statements) == 4  # the two above, the table and its product groups


def test_a_revocation_shows_at_once_on_a_warm_product_page(app, client):
    product = make_product("Chè Tân Cương")
    related = make_product("Chè búp", seller=product.seller)
    assert "Chè búp" in card_names(client.get(f"/products/{product.slug}").text)
    revoke_certificate(related.certificates[0], reason="Vi phạm")
    db.session.commit()
    assert "Chè búp" not in card_names(client.get(f"/products/{product.slug}").text)
    assert client.get(f"/products/{related.slug}").status_code == 404
    revoke_certificate(product.certificates[0], reason="Vi phạm")
    db.session.commit()
    assert client.get(f"/products/{product.slug}").status_code == 404


def test_a_revocation_shows_at_once_on_a_cached_long_tail_page(app, client):
    app.config["PRODUCTS_PER_PAGE"] = 2
    products = [make_product(f"Chè số {n}", price_vnd=10_000 + n, seller=make_seller(f"HTX số {n}"))
                for n in range(5)]
    url = "/products?stars=4&sort=price_asc&page=2"
    assert card_names(client.get(url).text) == ["Chè số 2", "Chè số 3"]
    assert app.extensions[TABLE].answers  # the page's order is remembered with the table
    revoke_certificate(products[2].certificates[0], reason="Vi phạm")
    db.session.commit()
    assert card_names(client.get(url).text) == ["Chè số 3", "Chè số 4"]
    assert client.get("/products?stars=4&sort=price_asc&page=3").status_code == 404


def test_a_cold_listing_renders_each_card_and_its_filters_once_per_catalog_version(app, client, monkeypatch):
    for n in range(3):
        make_product(f"Chè số {n}", seller=make_seller(f"HTX số {n}"))
    drawn = []
    image_url = app.jinja_env.globals["product_image_url"]
    monkeypatch.setitem(app.jinja_env.globals, "product_image_url", lambda product: drawn.append(product.id)
                        or image_url(product))
    monkeypatch.setattr(app.jinja_env, "cache", {})  # templates compiled again, with the counting global
    first = client.get("/products?page=1").text
    assert len(drawn) == 3
    cold(app)
    again = client.get("/products?page=1").text
    assert len(drawn) == 3 and again == first  # the cards and the sidebar came from the table
    client.get("/products?page=1&sort=price_asc")
    assert len(drawn) == 3  # another page of the same products reuses their cards
    assert {key[0] for key in app.extensions[TABLE].fragments.answers} == {"card", "filters", "bar"}


def test_a_cold_listing_shows_a_renamed_product_and_its_stock_word_in_the_readers_language(app, client):
    product = make_product("Chè Tân Cương", stock=0)
    assert card_names(client.get("/products").text) == ["Chè Tân Cương"]
    product.name = "Chè búp Tân Cương"
    db.session.commit()
    cold(app)
    page = client.get("/products").text
    assert card_names(page) == ["Chè búp Tân Cương"] and "Hết hàng" in page
    client.get("/language/en?next=/")
    cold(app)
    assert "Sold out" in client.get("/products").text


def test_the_table_keeps_a_bounded_number_of_rendered_pieces(app, client, monkeypatch):
    monkeypatch.setattr("shop.catalog.table.FRAGMENTS", 2)
    for n in range(3):
        make_product(f"Chè số {n}", seller=make_seller(f"HTX số {n}"))
    assert card_names(client.get("/products").text) == ["Chè số 2", "Chè số 1", "Chè số 0"]
    assert len(app.extensions[TABLE].fragments) == 2


def test_a_revocation_shows_at_once_on_page_7_of_a_filter_whose_cards_are_kept(app, client):
    app.config["PRODUCTS_PER_PAGE"] = 1
    products = [make_product(f"Chè số {n}", price_vnd=10_000 + n, seller=make_seller(f"HTX số {n}"))
                for n in range(8)]
    url = "/products?stars=4&sort=price_asc&page=7"
    assert card_names(client.get(url).text) == ["Chè số 6"]
    revoke_certificate(products[6].certificates[0], reason="Vi phạm")
    db.session.commit()
    assert card_names(client.get(url).text) == ["Chè số 7"]
