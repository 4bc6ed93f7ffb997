"""Vietnamese search: with or without diacritics, filtered and counted as the listing is, never unsellable."""
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from shop.catalog.filters import ProductFilters
from shop.catalog.listing import FACETS, find_products
from shop.catalog.models import ProductGroup
from shop.catalog.services import ensure_groups, find_group, find_or_create_product
from shop.certification.services import revoke_certificate
from shop.extensions import db
from shop.search.backends import search_index
from shop.text import vietnamese_analyzer
from tests.factories import make_certificate, make_filter_shelf, make_product, make_seller
from tests.search.support import found


@pytest.fixture
def shelf():
    make_product("Nước mắm Phú Quốc 43 độ đạm", seller=make_seller("Công ty Khải Hoàn", province="An Giang",
                                                                   owner_type="enterprise"))
    make_product("Chè Tân Cương", seller=make_seller("HTX Chè Tân Cương", province="Thái Nguyên"))
    make_product("Bánh khô mè đặc sản Đà Nẵng", seller=make_seller("Cơ sở Bà Liên", province="Đà Nẵng",
                                                                   owner_type="household"))


@pytest.mark.whoosh_only
def test_the_analyzer_folds_diacritics_and_keeps_short_words_and_numbers():
    assert [t.text for t in vietnamese_analyzer()("Nước mắm Đà Nẵng 43 độ đạm, ST25 a")] == \
        ["nuoc", "mam", "da", "nang", "43", "do", "dam", "st25", "a"]


@pytest.mark.usefixtures("shelf")
@pytest.mark.parametrize("query, expected", [
    ("nuoc mam", "Nước mắm Phú Quốc 43 độ đạm"),
    ("nước mắm", "Nước mắm Phú Quốc 43 độ đạm"),
    ("dac san", "Bánh khô mè đặc sản Đà Nẵng"),
    ("DA NANG", "Bánh khô mè đặc sản Đà Nẵng"),
    ("che tan cuong", "Chè Tân Cương"),
    ("43", "Nước mắm Phú Quốc 43 độ đạm"),
    ("an giang", "Nước mắm Phú Quốc 43 độ đạm"),      # by the producer's province
    ("khai hoan", "Nước mắm Phú Quốc 43 độ đạm"),     # by the producer's name
])
def test_queries_find_products_with_or_without_diacritics(today, query, expected):
    assert found(today, query)[0] == expected


@pytest.mark.usefixtures("shelf")
def test_every_word_must_match_when_some_product_has_them_all(today):
    listing = find_products(today, ProductFilters(q="nuoc mam an giang", sort="relevance"), 1, 10)
    assert [p.name for p, _ in listing.items] == ["Nước mắm Phú Quốc 43 độ đạm"]
    assert not listing.partial and listing.corrected is None


def test_without_a_product_having_every_word_the_most_words_come_first_then_rank(today):
    make_product("Rừng tràm rừng tràm rừng tràm")  # two words, often: TF-IDF alone would put it first
    make_product("Mật ong rừng U Minh")  # three words
    make_product("Mật ong Hưng Yên")  # two words
    make_product("Mật hoa dừa")  # one word of four: less than half, not a match
    make_product("Chè Tân Cương")
    listing = find_products(today, ProductFilters(q="mật ong rừng tràm", sort="relevance"), 1, 10)
    assert [p.name for p, _ in listing.items] == ["Mật ong rừng U Minh", "Rừng tràm rừng tràm rừng tràm",
                                                  "Mật ong Hưng Yên"]
    assert listing.partial and listing.corrected is None and listing.total == 3


@pytest.mark.usefixtures("shelf")
def test_a_word_the_index_has_is_never_corrected(today):
    """Every word here is known, they just never meet: the partial matches, not a "did you mean"."""
    listing = find_products(today, ProductFilters(q="nuoc mam tan cuong", sort="relevance"), 1, 10)
    assert listing.corrected is None and listing.partial
    assert sorted(p.name for p, _ in listing.items) == ["Chè Tân Cương", "Nước mắm Phú Quốc 43 độ đạm"]


def test_a_correction_that_finds_nothing_is_not_made(today):
    """As in issue 15: "mật ong" was searched as "mat oanh" and found nothing; the "mật" products are offered."""
    make_product("Mật hoa dừa")
    make_product("Mật mía Phú Gia")
    make_product("Ngũ cốc Duy Oanh")
    make_product("Mắm tép")  # "mam" is one letter from "mamm", but never with "mat"
    for query in ("mật ong", "mat mamm"):
        listing = find_products(today, ProductFilters(q=query, sort="relevance"), 1, 10)
        assert listing.corrected is None and listing.partial, query
        assert sorted(p.name for p, _ in listing.items) == ["Mật hoa dừa", "Mật mía Phú Gia"], query


def test_a_short_word_is_corrected_by_one_letter_and_keeps_its_first_two(today):
    make_product("Cà phê Khe Sanh")
    make_product("Bơ đậu phộng")
    make_product("Chè Tân Cương")
    assert found(today, "Khe Sahn")[0] == "Cà phê Khe Sanh"  # a longer word: two letters off
    for query in ("cafe", "bưởi"):  # not "che", not "bo"
        listing = find_products(today, ProductFilters(q=query, sort="relevance"), 1, 10)
        assert listing.corrected is None and listing.items == [], query


@pytest.mark.usefixtures("shelf")
def test_a_misspelt_word_is_corrected(today):
    listing = find_products(today, ProductFilters(q="nuoc mamm", sort="relevance"), 1, 10)
    assert [p.name for p, _ in listing.items] == ["Nước mắm Phú Quốc 43 độ đạm"]
    assert listing.corrected == "nuoc mam"


@pytest.mark.usefixtures("shelf")
def test_a_correction_is_made_once_whatever_the_filters(today):
    near = find_products(today, ProductFilters(q="nuoc mamm", province="an-giang"), 1, 10, facets=("province",))
    assert near.corrected == "nuoc mam" and near.total == 1
    elsewhere = find_products(today, ProductFilters(q="nuoc mamm", province="thai-nguyen"), 1, 10,
                              facets=("province",))
    assert elsewhere.corrected == "nuoc mam" and elsewhere.total == 0
    assert [(v.label, v.count) for v in elsewhere.facets["province"]] == [("An Giang", 1)]  # where it is


def test_unsellable_products_are_never_returned(today):
    make_product("Mật ong hai sao", stars=2)
    make_product("Mật ong hết hạn", expires_on=today - timedelta(days=1))
    revoked = make_product("Mật ong thu hồi")
    revoke_certificate(revoked.certificates[0], reason="Vi phạm")
    db.session.commit()
    make_product("Mật ong còn hạn")
    assert found(today, "mat ong") == ["Mật ong còn hạn"]


@pytest.mark.usefixtures("shelf")
def test_search_combines_with_the_listing_filters(today):
    assert found(today, "che", province="thai-nguyen") == ["Chè Tân Cương"]
    assert found(today, "che", province="an-giang") == []


@pytest.mark.whoosh_only
def test_while_a_rebuild_runs_search_answers_from_the_database(app, today):
    make_product("Nước mắm Phú Quốc")
    app.extensions["search_rebuilding"] = True
    try:
        assert found(today, "Phú Quốc") == ["Nước mắm Phú Quốc"]
    finally:
        app.extensions["search_rebuilding"] = False


@pytest.mark.parametrize("first_round", [3000, 10])  # 10: the index's first round runs short and is widened
def test_a_stale_index_hides_no_sellable_match_however_many_rank_above_it(today, monkeypatch, first_round):
    """Hundreds of better-ranked matches the index still holds as on sale neither hide a sellable one nor count."""
    monkeypatch.setattr("shop.search.matching.FIRST_ROUND", first_round)
    ensure_groups()
    hidden = make_seller("HTX Mắm Tạm Ngưng", province="Khánh Hòa")
    food = find_group("Thực phẩm")
    for n in range(320):  # more than any page or early cut-off: every one ranks above the sellable product
        product, _ = find_or_create_product(hidden, f"Nước mắm nước mắm {n}", food, None)
        product.price_vnd, product.published = 50_000, True
        make_certificate(product)
    db.session.commit()
    db.session.execute(text("UPDATE seller SET status = 'suspended' WHERE id = :id"), {"id": hidden.id})
    db.session.commit()  # bulk SQL: the index still holds the 320 as on sale
    make_product("Nước mắm cá cơm", seller=make_seller("HTX Cá Cơm", province="Khánh Hòa"))
    assert len(search_index().search("nuoc mam").ids()) == 321
    for province in (None, "khanh-hoa"):  # the stale ones are in Khánh Hòa too: the filter keeps them in play
        listing = find_products(today, ProductFilters(q="nuoc mam", province=province), 1, 24, facets=("province",))
        assert [p.name for p, _ in listing.items] == ["Nước mắm cá cơm"]
        assert listing.total == 1
        assert [(v.label, v.count) for v in listing.facets["province"]] == [("Khánh Hòa", 1)]


@pytest.mark.usefixtures("shelf")
def test_a_facet_counts_the_search_without_its_own_filter(today):
    make_product("Chè Shan Tuyết", seller=make_seller("HTX Hà Giang", province="Tuyên Quang"))
    listing = find_products(today, ProductFilters(q="che", province="thai-nguyen"), 1, 24,
                            facets=("province", "stars"))
    assert [p.name for p, _ in listing.items] == ["Chè Tân Cương"]
    assert [(v.label, v.count) for v in listing.facets["province"]] == [("Thái Nguyên", 1), ("Tuyên Quang", 1)]
    assert [(v.param, v.count) for v in listing.facets["stars"]] == [(4, 1)]


@pytest.mark.parametrize("filters", [
    {"stars": 4}, {"group": "thuc-pham"}, {"group": "che"}, {"group": "do-uong"}, {"group": "khong-co"},
    {"province": "an-giang"}, {"owner_type": "htx"}, {"seller": "htx-che-tan-cuong"}, {"seller": "khong-co"},
    {"price_min": 100_000}, {"price_max": 165_000}, {"price_min": 100_000, "price_max": 170_000},
    {"stars": 4, "province": "an-giang"},
])
def test_the_index_filters_as_the_listing_does(today, filters):
    """Filters applied inside the index (Whoosh terms, PostgreSQL columns) pick what the SQL listing picks."""
    make_filter_shelf(prefix="Đặc sản ")
    searched = [p.name for p, _ in find_products(today, ProductFilters(q="dac san", sort="newest", **filters),
                                                 1, 10).items]
    listed = [p.name for p, _ in find_products(today, ProductFilters(sort="newest", **filters), 1, 10).items]
    assert searched == listed
    assert sorted(search_index().search("dac san", ProductFilters(**filters).criteria(_groups())).ids()) == \
        sorted(p.id for p, _ in find_products(today, ProductFilters(**filters), 1, 10).items)


def test_a_group_filter_takes_in_every_level_below_it(today):
    """A nhóm (I.5) shows its phân nhóm's (I.5.a) products, in the plain listing, in search and in the index."""
    make_product("Chè xanh Thái", subgroup="Chè tươi, chè chế biến")  # a phân nhóm of the nhóm "Chè"
    groups = _groups()
    by_code = {group.code: group for group in groups.values()}
    for code in ("I", "I.5", "I.5.a"):
        plain = find_products(today, ProductFilters(group=by_code[code].slug), 1, 10, facets=("group",))
        searched = find_products(today, ProductFilters(q="che", group=by_code[code].slug), 1, 10, facets=("group",))
        assert plain.total == searched.total == 1, code
        assert [(v.param, v.count) for v in searched.facets["subgroup"]] == [(by_code["I.5.a"].slug, 1)]
        assert searched.facets == plain.facets
        assert len(search_index().search("che", ProductFilters(group=by_code[code].slug).criteria(groups)).ids()) == 1
    assert find_products(today, ProductFilters(q="che", group=by_code["I.4"].slug), 1, 10).total == 0


def _groups():
    return {group.slug: group for group in db.session.scalars(select(ProductGroup))}


def test_a_search_sorts_and_counts_its_matches_as_the_plain_listing_does(today):
    """A search sorts and facets its best matches in Python; the plain listing does it in SQL: they must agree."""
    seller = make_seller("HTX Mật Ong Ba Vì", province="Hà Nội")
    for name, price, stars, group in [("Mật ong rừng", 90_000, 3, "Thực phẩm"),
                                      ("Mật ong hoa nhãn", 60_000, 5, "Thực phẩm"),
                                      ("Mật ong sữa chúa", 60_000, 4, "Đồ uống"),
                                      ("Mật ong bạc hà", 120_000, 4, "Thực phẩm")]:
        make_product(name, seller=seller, price_vnd=price, stars=stars, group=group)
    for sort in ("newest", "price_asc", "price_desc", "stars"):
        searched = find_products(today, ProductFilters(q="mat ong", sort=sort), 1, 10, facets=FACETS)
        listed = find_products(today, ProductFilters(seller=seller.slug, sort=sort), 1, 10, facets=FACETS)
        assert [p.name for p, _ in searched.items] == [p.name for p, _ in listed.items], sort
        assert searched.facets == listed.facets and searched.total == listed.total == 4
    assert [p.name for p, _ in find_products(today, ProductFilters(q="mat ong", sort="price_asc"), 2, 3).items] == \
        ["Mật ong bạc hà"]  # the second page of three


def test_a_search_counts_and_pages_through_its_best_matches_up_to_the_cap(today, monkeypatch):
    monkeypatch.setattr("shop.catalog.listing.SEARCH_CAP", 3)
    seller = make_seller("HTX Mật Ong")
    for n, price in enumerate([90_000, 80_000, 70_000, 60_000]):
        make_product(f"Mật ong rừng {'mật ong ' * (4 - n)}", seller=seller, price_vnd=price)
    best = find_products(today, ProductFilters(q="mat ong", sort="relevance"), 1, 10)
    assert best.total == 3 and best.capped and len(best.items) == 3
    by_price = find_products(today, ProductFilters(q="mat ong", sort="price_asc"), 1, 10, facets=("stars",))
    assert [p.price_vnd for p, _ in by_price.items] == sorted(p.price_vnd for p, _ in best.items)  # the same three
    assert [(v.param, v.count) for v in by_price.facets["stars"]] == [(4, 3)]
    narrowed = find_products(today, ProductFilters(q="mat ong", price_max=60_000), 1, 10)
    assert narrowed.total == 1 and not narrowed.capped  # the cap applies after the filters


def test_a_one_letter_word_that_the_index_lacks_is_searched_not_a_server_error(client):
    make_product("Chè ở Thái Nguyên")  # "o", a one-letter word, is indexed: "0" is one edit from it
    answer = client.get("/api/v1/products?q=0&group=0")
    assert answer.status_code == 200 and answer.get_json()["items"] == []


def test_postgresql_plans_a_search_for_its_own_words_and_other_statements_from_its_cache(search_backend, shelf):
    if search_backend != "postgres":
        pytest.skip("plan caching is PostgreSQL's")
    db.session.commit()
    assert db.session.scalar(text("SHOW plan_cache_mode")) == "auto"
    search_index().search("nuoc mam")
    assert db.session.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"  # this transaction only
    db.session.commit()
    assert db.session.scalar(text("SHOW plan_cache_mode")) == "auto"
