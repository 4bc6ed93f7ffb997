"""Search pages and API: results, suggestions, clear answers to odd queries, no 500 without an index."""
import gc
import time

import pytest
from sqlalchemy import delete
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import create_in

from shop.extensions import db
from shop.search.models import ProductSearch
from tests.factories import make_product, make_seller
from tests.search.support import found
from tests.storefront.test_catalog import card_names


@pytest.fixture
def shelf(today):
    make_product("Nước mắm Phú Quốc", seller=make_seller("Công ty Khải Hoàn", province="An Giang",
                                                         owner_type="enterprise"))
    make_product("Nước mắm Cửa Lò")
    make_product("Nước mắm hết hạn", seller=make_seller("HTX Khác"), decision_date=today.replace(year=2022))


@pytest.mark.usefixtures("shelf")
def test_search_redirects_to_the_listing_with_the_query(client):
    answer = client.get("/search?q=nuoc+mam")
    assert answer.status_code == 302 and answer.location == "/products?q=nuoc+mam"


@pytest.mark.parametrize("query, kept", [
    ("q=che&endpoint=x", "q=che"),
    ("q=che&_scheme=https&_external=1&_anchor=x&_method=POST", "q=che"),
    ("stars=4&stars=5&q=che&page=2&sort=newest&price_min=1&price_max=9&utm_source=zalo",
     "stars=4&stars=5&price_min=1&price_max=9&sort=newest&q=che&page=2"),
    ("group=thuc-pham&province=ha-noi&owner_type=htx&seller=htx-a&per_page=5", None),
])
def test_search_passes_on_the_listings_parameters_and_nothing_else(client, query, kept):
    answer = client.get(f"/search?{query}")
    assert answer.status_code == 302 and answer.location == f"/products?{kept or query}"


@pytest.mark.usefixtures("shelf")
def test_listing_with_a_query_shows_matches_only_and_offers_relevance(client):
    page = client.get("/products?q=nuoc+mam+phu+quoc").text
    assert card_names(page) == ["Nước mắm Phú Quốc"]
    assert "Kết quả cho “nuoc mam phu quoc”" in page and 'value="relevance" selected' in page


@pytest.mark.usefixtures("shelf")
def test_a_misspelling_says_what_was_searched(client):
    page = client.get("/products?q=nuoc+mamm").text
    assert "Đang hiện kết quả cho “nuoc mam”" in page
    assert sorted(card_names(page)) == ["Nước mắm Cửa Lò", "Nước mắm Phú Quốc"]


@pytest.mark.usefixtures("shelf")
def test_api_searches_through_the_same_code(client):
    body = client.get("/api/v1/products?q=nước mắm").get_json()
    assert sorted(item["name"] for item in body["items"]) == ["Nước mắm Cửa Lò", "Nước mắm Phú Quốc"]


@pytest.mark.parametrize("query, message", [
    ("x" * 10_000, "q is 10000 characters long; at most 200"),
])
def test_odd_queries_get_a_clear_answer(client, query, message):
    page = client.get("/products", query_string={"q": query})
    assert page.status_code == 400 and message in page.text
    answer = client.get("/api/v1/products", query_string={"q": query})
    assert answer.status_code == 400 and message in answer.get_json()["error"]["message"]


@pytest.mark.usefixtures("shelf")
@pytest.mark.parametrize("language, nothing, elsewhere", [
    ("vi", "Không tìm thấy sản phẩm nào cho “!!! ... ???”.", "Nhóm sản phẩm gần nhất"),
    ("en", "No products found for “!!! ... ???”.", "Nearest product groups"),
])
def test_punctuation_alone_finds_nothing_and_says_where_to_look(client, language, nothing, elsewhere):
    """A shopper typing "!!!" made no mistake: a 200 page naming the search and offering groups and products."""
    client.get(f"/language/{language}?next=/")
    page = client.get("/products", query_string={"q": "!!! ... ???"})
    assert page.status_code == 200 and nothing in page.text and elsewhere in page.text
    assert "?group=thuc-pham" in page.text and sorted(card_names(page.text)) == ["Nước mắm Cửa Lò", "Nước mắm Phú Quốc"]
    answer = page.text.split('class="no-results"')[1].split("</section>")[0].lower()
    assert "lọc" not in answer and "filter" not in answer  # no word of filters the shopper never set
    assert client.get("/api/v1/products", query_string={"q": "!!!"}).status_code == 400  # the API's contract stays


@pytest.mark.usefixtures("shelf")
def test_nothing_found_speaks_of_filters_only_when_some_are_set(client):
    plain = client.get("/products?q=xe+may+dien").text
    assert "Không tìm thấy sản phẩm nào cho “xe may dien”." in plain
    assert "Bộ lọc bạn đã chọn" not in plain and "Xóa bộ lọc" not in plain
    filtered = client.get("/products?q=nuoc+mam&province=ha-noi").text
    assert "Bộ lọc bạn đã chọn có thể đã loại hết kết quả." in filtered
    assert 'href="/products?q=nuoc+mam">Tìm “nuoc mam” không kèm bộ lọc' in filtered
    assert sorted(card_names(filtered)) == ["Nước mắm Cửa Lò", "Nước mắm Phú Quốc"]  # the search without filters


def test_nothing_found_offers_products_with_words_close_to_the_search(client):
    make_product("Nước khoáng Quang Hanh", seller=make_seller("Công ty Quang Hanh", province="Quảng Ninh"))
    make_product("Chè Tân Cương", seller=make_seller("HTX Chè Thái", province="Thái Nguyên"))
    make_product("Gạo ST25", seller=make_seller("Công ty Điền Tín", province="An Giang"))
    page = client.get("/products?q=khoangg+tann").text  # each word has a correction, never both together
    assert "Không tìm thấy sản phẩm nào cho “khoangg tann”." in page
    assert sorted(card_names(page)) == ["Chè Tân Cương", "Nước khoáng Quang Hanh"]


@pytest.mark.usefixtures("shelf")
def test_a_partial_match_says_so(client):
    page = client.get("/products?q=nuoc+mam+ca+com").text
    assert "Không có sản phẩm khớp mọi từ; đây là các sản phẩm khớp một phần." in page
    assert sorted(card_names(page)) == ["Nước mắm Cửa Lò", "Nước mắm Phú Quốc"]


@pytest.mark.usefixtures("shelf")
def test_suggestions_complete_the_last_word_and_skip_unsellable_products(client):
    body = client.get("/search/suggest?q=nuoc ma").get_json()
    assert sorted(s["name"] for s in body["suggestions"]) == ["Nước mắm Cửa Lò", "Nước mắm Phú Quốc"]
    assert all(s["url"].startswith("/products/") for s in body["suggestions"])
    assert client.get("/search/suggest?q=").get_json()["suggestions"] == []
    assert client.get("/search/suggest", query_string={"q": "x" * 10_000}).status_code == 200


@pytest.mark.whoosh_only
@pytest.mark.usefixtures("shelf")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # Whoosh leaves a corrupt
@pytest.mark.filterwarnings("ignore::ResourceWarning")                           # index file open
@pytest.mark.parametrize("damage", ["missing", "corrupt", "older schema"])
def test_without_a_usable_index_search_answers_from_the_database_and_rebuilds(app, client, tmp_path, damage):
    folder = tmp_path / "index"
    if damage != "missing":
        folder.mkdir()
        (folder / "_MAIN_1.toc").write_bytes(b"not an index")
    if damage == "older schema":  # as written before documents carried the listing's filters
        writer = create_in(folder, Schema(id=ID(stored=True, unique=True), name=TEXT, text=TEXT)).writer()
        writer.add_document(id="1", name="nuoc mam", text="nuoc mam phu quoc")
        writer.commit()
    app.config["SEARCH_INDEX_DIR"] = str(folder)
    page = client.get("/products?q=Phú Quốc")
    assert page.status_code == 200 and card_names(page.text) == ["Nước mắm Phú Quốc"]
    deadline = time.monotonic() + 10
    while app.extensions.get("search_rebuilding") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.get("/products?q=phu quoc&sort=newest").text.count("<h3>") == 1  # now from the index
    gc.collect()  # let Whoosh's leaked file handle be reported here, where it is expected


@pytest.mark.whoosh_only
@pytest.mark.usefixtures("shelf")
@pytest.mark.parametrize("typed", ["phu quoc", "PHU QUÔC", "mắm phú"])
def test_without_an_index_words_typed_without_diacritics_still_find_the_product(app, client, tmp_path, typed):
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "index")  # none yet: answered from the database
    assert card_names(client.get("/products", query_string={"q": typed}).text) == ["Nước mắm Phú Quốc"]
    deadline = time.monotonic() + 10
    while app.extensions.get("search_rebuilding") and time.monotonic() < deadline:
        time.sleep(0.05)  # the rebuild it started ends here


@pytest.mark.whoosh_only
def test_reindex_command_builds_the_index_with_a_progress_bar(app, runner, tmp_path):
    make_product("Chè Tân Cương")
    make_product("Chè hai sao", stars=2)  # not indexed: never sellable as it is
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "fresh")
    first = runner.invoke(args=["search", "reindex", "--if-missing"])
    assert first.exit_code == 0 and "1 product(s) indexed" in first.output and "Indexing products" in first.output
    again = runner.invoke(args=["search", "reindex", "--if-missing"])
    assert "already there; nothing to do" in again.output


def test_reindex_if_missing_builds_what_the_backend_in_use_lacks(app, runner, search_backend, tmp_path, today):
    """With PostgreSQL an empty product_search (a database Whoosh indexed until now) is missing too."""
    make_product("Chè Tân Cương")
    if search_backend == "postgres":
        db.session.execute(delete(ProductSearch))
        db.session.commit()
    else:
        app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "never-built")
    first = runner.invoke(args=["search", "reindex", "--if-missing"])
    assert first.exit_code == 0 and "1 product(s) indexed" in first.output
    assert found(today, "che tan cuong") == ["Chè Tân Cương"]
    again = runner.invoke(args=["search", "reindex", "--if-missing"])
    assert "already there; nothing to do" in again.output


@pytest.mark.usefixtures("shelf")
def test_a_search_beyond_the_cap_says_so_on_the_page_and_in_the_api(client, monkeypatch):
    monkeypatch.setattr("shop.catalog.listing.SEARCH_CAP", 1)
    assert "Hơn 1 sản phẩm khớp" in client.get("/products?q=nuoc mam").text
    body = client.get("/api/v1/products?q=nuoc mam").get_json()
    assert body["total"] == 1 and body["total_capped"] is True and len(body["items"]) == 1
    exactly_one = client.get("/api/v1/products?q=phu quoc").get_json()
    assert exactly_one["total"] == 1 and exactly_one["total_capped"] is False
