"""Cached catalog pages are never stale: any catalog change, or a new day, recomputes them."""
from datetime import timedelta

import pytest
from flask import session
from flask_babel import force_locale
from sqlalchemy import select, text, update

from shop import create_app
from shop.catalog.cache import CatalogState, cached_page
from shop.catalog.models import Product
from shop.certification.services import revoke_certificate
from shop.extensions import db
from shop.inventory.services import fulfilment_location, receive_stock, release_reservation, reserve_stock, take_stock
from shop.storefront.catalog import stock_label
from tests.factories import make_outlet, make_product
from tests.storefront.test_catalog import card_names


def version() -> int:
    return db.session.scalar(select(CatalogState.version))


def test_a_repeated_listing_runs_no_query_through_the_pool(client, count_queries):
    make_product()
    client.get("/products")
    with count_queries() as counted:
        assert card_names(client.get("/products").text) == ["Chè Tân Cương"]
    # PostgreSQL's triggers tell the catalog version (tests/catalog/test_version_watch.py); SQLite's is read
    # through the driver (tests/catalog/test_version_file.py)
    assert len(counted.statements) == 0


def test_a_revocation_reaches_the_cached_listing_at_once(client):
    product = make_product()
    assert card_names(client.get("/products").text) == ["Chè Tân Cương"]
    assert client.get("/api/v1/products").get_json()["total"] == 1
    revoke_certificate(product.certificates[0], reason="Vi phạm")
    db.session.commit()
    assert card_names(client.get("/products").text) == []
    assert card_names(client.get("/").text) == []
    assert client.get("/api/v1/products").get_json()["total"] == 0


def test_a_new_day_recomputes_even_without_changes(app, client, today):
    make_product(expires_on=today)
    assert card_names(client.get("/products").text) == ["Chè Tân Cương"]
    app.config["SHOP_TODAY"] = today + timedelta(days=1)
    assert card_names(client.get("/products").text) == []


def test_changes_bump_the_version_and_rollbacks_do_not():
    make_product()
    before = version()
    product = db.session.scalar(select(Product))
    product.price_vnd = 99_000
    db.session.commit()
    assert version() != before
    before = version()
    product.price_vnd = 1_000
    db.session.flush()
    db.session.rollback()
    assert version() == before


@pytest.mark.parametrize("write", [
    lambda: db.session.execute(update(Product).values(published=False)),
    lambda: db.session.execute(text("UPDATE product SET published = false")),
    lambda: db.session.connection().execute(update(Product).values(published=False)),
    lambda: db.session.bulk_update_mappings(Product, [{"id": db.session.scalar(select(Product.id)),
                                                       "published": False}]),
    lambda: db.session.execute(text("DELETE FROM certificate")),
])
def test_every_way_of_writing_changes_the_version_and_empties_the_listing(client, write):
    make_product()
    assert card_names(client.get("/products").text) == ["Chè Tân Cương"]
    before = version()
    write()
    db.session.commit()
    assert version() != before
    assert card_names(client.get("/products").text) == []


def test_a_changed_price_shows_at_once(client):
    make_product(price_vnd=150_000)
    assert "150.000" in client.get("/products").text
    db.session.scalar(select(Product)).price_vnd = 120_000
    db.session.commit()
    page = client.get("/products").text
    assert "120.000" in page and "150.000" not in page


def test_a_page_that_reads_the_session_is_never_stored(app):
    other = create_app({**app.config, "TESTING": True})

    @other.get("/greeting")
    @cached_page
    def greeting():
        return f"Xin chào {session.get('name', 'khách')}"

    lan = other.test_client()
    with lan.session_transaction() as visitor:
        visitor["name"] = "Lan"
    try:
        assert lan.get("/greeting").text == "Xin chào Lan"
        assert other.test_client().get("/greeting").text == "Xin chào khách"
        assert "catalog_cache" not in other.extensions or not other.extensions["catalog_cache"].items
    finally:
        with other.app_context():
            db.engine.dispose()



def test_query_order_does_not_split_the_cache_and_pages_say_they_vary_by_cookie(app, client):
    make_product()
    first = client.get("/products?stars=4&sort=price_asc")
    assert "Cookie" in first.headers["Vary"]
    entries = len(app.extensions["catalog_cache"].items)
    again = client.get("/products?sort=price_asc&stars=4")
    assert len(app.extensions["catalog_cache"].items) == entries
    assert (again.headers["Vary"], again.content_type) == (first.headers["Vary"], "text/html; charset=utf-8")
    assert again.get_data() == first.get_data()


def test_the_page_cache_is_bounded_in_bytes():
    from shop.catalog.cache import PageCache

    cache = PageCache(max_bytes=10)
    for n in range(5):
        cache.put(n, (b"abcd", 200, "text/html"))
    assert list(cache.items) == [3, 4] and cache.used == 8



def test_a_cached_card_follows_its_stock_label_and_ignores_other_stock_changes(client):
    product = make_product(stock=9)  # its producer is warned at 5 units
    client.get("/products")
    for verb, units, free, changed in [(take_stock, 3, 6, False),  # still plenty: the cached page stands
                                       (reserve_stock, 1, 5, True),  # low
                                       (release_reservation, 1, 6, True),  # plenty again
                                       (take_stock, 6, 0, True)]:  # sold out
        before = version()
        verb(product, units, reference="DH-1")
        db.session.commit()
        assert (version() != before) is changed, (verb.__name__, units)
        card = client.get("/products").text.split('<li class="card">')[1]
        label = stock_label(product, free)
        assert [word for word in ("Còn ít", "Hết hàng") if word in card] == ([label[1]] if label else [])
    before = version()
    make_outlet(stock=[(product, 20)])  # consignment at an outlet is not sold online
    assert version() == before
    receive_stock(fulfilment_location(product), product, 2, reason="receipt")
    db.session.commit()
    assert version() != before and "Còn ít" in client.get("/products").text


def test_a_cached_card_judges_the_total_of_a_product_held_in_batches(client, today):
    from shop.inventory.services import find_or_make_batch
    product = make_product(stock=0)
    product.low_stock_at = 15
    for code, days in (("L-SOON", 30), ("L-LATE", 90)):
        batch = find_or_make_batch(product, code, today - timedelta(days=10), today + timedelta(days=days))
        receive_stock(fulfilment_location(product), product, 10, reason="receipt", batch=batch)
    db.session.commit()
    assert "Còn ít" not in client.get("/products").text  # 20 units: plenty, though each batch alone is not
    before = version()
    take_stock(product, 2, reference="DH-1")  # 18 in all: still plenty
    db.session.commit()
    assert version() == before
    take_stock(product, 6, reference="DH-2")  # 12 in all, the earlier batch down to 2: low
    db.session.commit()
    assert version() != before and "Còn ít" in client.get("/products").text
    before = version()
    take_stock(product, 4, reference="DH-3")  # one batch emptied, the other still low
    db.session.commit()
    assert version() == before


def test_units_of_two_batches_arriving_in_one_transaction_change_the_card(client, today):
    """A return received in two batches writes two warehouse levels in one transaction: the card follows their
    total (on PostgreSQL the label is judged row by row as they are written, the version bumped at commit)."""
    from shop.inventory.services import find_or_make_batch
    from shop.transfers.services import receive_transfer, return_stock
    product = make_product(stock=0)  # warned at 5 units
    outlet = make_outlet(stock=[])
    for code, days in (("L-SOON", 30), ("L-LATE", 90)):
        batch = find_or_make_batch(product, code, today - timedelta(days=10), today + timedelta(days=days))
        receive_stock(outlet, product, 2, reason="receipt", batch=batch)
    transfer = return_stock(outlet, product, 4, note="Khách chê bao bì", user_id=None, today=today)
    db.session.commit()
    assert "Hết hàng" in client.get("/products").text
    before = version()
    receive_transfer(transfer, {}, by="producer", note=None, user_id=None)
    db.session.commit()
    assert version() != before and "Còn ít" in client.get("/products").text


def test_a_layout_part_is_rendered_once_per_language_and_filled_with_each_pages_values(app):
    renders = []
    block = app.jinja_env.from_string('{% call(words) layout_part("test-search", words=q) %}'
                                      '{{ count(language) }}{{ _("Tìm") }}: {{ words }}{% endcall %}')
    asked = [("vi", "<b>", "Tìm: &lt;b&gt;"), ("vi", "chè", "Tìm: chè"), ("en", "tea", "Search: tea")]
    for language, q, shown in asked:
        with app.test_request_context(), force_locale(language):
            assert block.render(q=q, language=language, count=lambda rendered: renders.append(rendered) or "") == shown
    assert renders == ["vi", "en"]


def test_the_header_keeps_each_pages_search_words_and_way_back(client):
    assert 'value="&#34;trà&#34; &amp; &lt;mật&gt;"' in client.get('/products?q="trà" %26 <mật>').text
    page = client.get("/products?q=chè").text
    assert 'value="chè"' in page and 'href="/account/login?back=/products?q%3Dch%C3%A8"' in page
