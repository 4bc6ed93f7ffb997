"""Listing filters, sorts and facet counts — over sellable products only."""
import pytest
from werkzeug.datastructures import MultiDict

from shop.catalog.filters import BadFilter, ProductFilters, parse_filters
from shop.catalog.listing import FACETS, find_products, related_products
from shop.extensions import db
from shop.inventory.services import fulfilment_location, reserve_stock
from tests.factories import make_filter_shelf, make_product, make_seller


@pytest.fixture
def shelf(today):
    make_filter_shelf()


def names(today, **filters):
    return [p.name for p, _ in find_products(today, ProductFilters(**filters), 1, 50).items]


@pytest.mark.usefixtures("shelf")
@pytest.mark.parametrize("filters, expected", [
    ({"stars": 4}, ["Rượu", "Chè Tân Cương"]),
    ({"group": "do-uong"}, ["Rượu"]),
    ({"province": "an-giang"}, ["Rượu", "Nước mắm"]),
    ({"owner_type": "htx"}, ["Chè búp", "Chè Tân Cương"]),
    ({"seller": "htx-che-tan-cuong"}, ["Chè búp", "Chè Tân Cương"]),
    ({"price_min": 100_000, "price_max": 170_000}, ["Nước mắm", "Chè Tân Cương"]),
    ({"stars": 4, "province": "an-giang"}, ["Rượu"]),
    ({"group": "khong-co"}, []),
])
def test_filters_narrow_the_listing(today, filters, expected):
    assert names(today, **filters) == expected


@pytest.mark.usefixtures("shelf")
@pytest.mark.parametrize("sort, expected", [
    ("newest", ["Rượu", "Nước mắm", "Chè búp", "Chè Tân Cương"]),
    ("price_asc", ["Chè búp", "Chè Tân Cương", "Nước mắm", "Rượu"]),
    ("price_desc", ["Rượu", "Nước mắm", "Chè Tân Cương", "Chè búp"]),
    ("stars", ["Nước mắm", "Rượu", "Chè Tân Cương", "Chè búp"]),
])
def test_sorts(today, sort, expected):
    assert names(today, sort=sort) == expected


def facet(listing, name):
    return {value.param: value.count for value in listing.facets[name]}


@pytest.mark.usefixtures("shelf")
def test_facet_counts_keep_the_other_filters_but_not_their_own(today):
    listing = find_products(today, ProductFilters(stars=4), 1, 10, facets=FACETS)
    assert facet(listing, "stars") == {3: 1, 4: 2, 5: 1}   # its own filter is ignored; 2★ never counted
    assert facet(listing, "province") == {"an-giang": 1, "thai-nguyen": 1}
    assert facet(listing, "owner_type") == {"enterprise": 1, "htx": 1}
    assert facet(listing, "group") == {"thuc-pham": 1, "do-uong": 1}


@pytest.mark.usefixtures("shelf")
def test_choosing_a_group_offers_its_subgroups(today):
    listing = find_products(today, ProductFilters(group="thuc-pham"), 1, 10, facets=FACETS)
    assert listing.total == 3
    assert facet(listing, "subgroup") == {"che": 2, "gia-vi": 1}
    assert names(today, group="che") == ["Chè búp", "Chè Tân Cương"]
    narrowed = find_products(today, ProductFilters(group="che"), 1, 10, facets=FACETS)
    assert facet(narrowed, "subgroup") == {"che": 2, "gia-vi": 1}  # siblings stay offered


@pytest.mark.parametrize("args, message", [
    ({"stars": "2"}, "stars must be between 3 and 5"),
    ({"stars": "x"}, "stars must be a whole number"),
    ({"price_min": "1_000"}, "price_min must be a whole number"),
    ({"stars": "٣"}, "stars must be a whole number"),
    ({"province": "narnia"}, "unknown province"),
    ({"owner_type": "coop"}, "unknown owner_type"),
    ({"sort": "random"}, "unknown sort"),
    ({"price_min": "-1"}, "price_min must be between 0"),
    ({"price_min": "9", "price_max": "1"}, "price_min must not be above price_max"),
])
def test_bad_filters_are_refused_with_a_reason(args, message):
    with pytest.raises(BadFilter, match=message):
        parse_filters(MultiDict(args))


def test_a_price_range_from_high_to_low_is_swapped_when_asked():
    filters = parse_filters(MultiDict({"price_min": "9", "price_max": "1"}), swap_prices=True)
    assert (filters.price_min, filters.price_max) == (1, 9)


@pytest.mark.usefixtures("shelf")
def test_listing_page_keeps_filters_in_its_links(client):
    page = client.get("/products?stars=4&province=an-giang&sort=price_asc")
    assert page.status_code == 200
    assert "1 sản phẩm đang bán" in page.text
    # the "4 sao" link removes its own filter and keeps the others
    assert 'href="/products?province=an-giang&amp;sort=price_asc"' in page.text
    assert 'aria-current="true"' in page.text


@pytest.mark.usefixtures("shelf")
def test_no_match_offers_a_way_back(client):
    page = client.get("/products?stars=5&province=thai-nguyen")
    assert "Không có sản phẩm nào khớp với bộ lọc này" in page.text
    assert 'href="/products"' in page.text


def test_bad_filter_on_the_page_is_a_400_page_with_the_reason(client):
    page = client.get("/products?stars=9")
    assert page.status_code == 400 and "“9” không phải là số nguyên từ 3 đến 5" in page.text


def test_each_card_knows_the_units_its_producers_warehouse_can_still_sell(today):
    tea = make_seller("HTX Chè Tân Cương", province="Thái Nguyên")
    fish = make_seller("Công ty Khải Hoàn", province="An Giang")
    make_product("Chè búp", seller=tea, stock=0)
    reserved = make_product("Chè Tân Cương", seller=tea, stock=9)
    reserve_stock(reserved, 4, reference="DH-1")
    make_product("Nước mắm", seller=fish, stock=30)
    fulfilment_location(make_product("Mắm tôm", seller=fish, stock=0))  # a warehouse with no level for it
    db.session.commit()
    listing = find_products(today, ProductFilters(), 1, 10)
    assert {p.name: listing.available[p.id] for p, _ in listing.items} == {
        "Chè búp": 0, "Chè Tân Cương": 5, "Nước mắm": 30, "Mắm tôm": 0}
    found = find_products(today, ProductFilters(q="mắm"), 1, 10)  # a search loads its page the same way
    assert {p.name: found.available[p.id] for p, _ in found.items} == {"Nước mắm": 30, "Mắm tôm": 0}


@pytest.mark.usefixtures("shelf")
def test_a_filtered_listing_names_what_was_chosen(today):
    chosen = find_products(today, ProductFilters(stars=4, group="che", province="thai-nguyen", owner_type="htx",
                                                 seller="htx-che-tan-cuong"), 1, 10, facets=FACETS).chosen
    assert {name: str(label) for name, label in chosen.items()} == {
        "stars": "4 sao", "group": "Chè", "province": "Thái Nguyên", "owner_type": "Hợp tác xã (HTX)",
        "seller": "HTX Chè Tân Cương"}
    assert find_products(today, ProductFilters(group="khong-co"), 1, 10, facets=FACETS).chosen == {"group": "khong-co"}


def test_related_products_share_the_subgroup_and_province_first(today):
    here = make_seller("HTX Chè Tân Cương", province="Thái Nguyên")
    there = make_seller("HTX Chè Suối Giàng", province="Lào Cai")
    product = make_product("Chè móc câu", seller=here, subgroup="Chè")
    make_product("Gạo nếp", seller=there, subgroup="Thực phẩm thô, sơ chế")
    make_product("Mật ong", seller=here, subgroup="Thực phẩm thô, sơ chế")
    make_product("Chè Shan tuyết", seller=there, subgroup="Chè")
    make_product("Chè búp", seller=here, subgroup="Chè")
    make_product("Rượu ngô", seller=here, group="Đồ uống")
    related = related_products(today, product, 4)
    assert [p.name for p, _ in related.items] == ["Chè búp", "Chè Shan tuyết", "Mật ong", "Gạo nếp"]
    assert related.available[related.items[0][0].id] == 10


def test_related_products_differ_from_one_product_to_the_next(today):
    seller = make_seller()
    products = [make_product(f"Chè số {n}", seller=seller, subgroup="Chè") for n in range(12)]
    shown = {tuple(p.id for p, _ in related_products(today, product, 4).items) for product in products}
    assert len(shown) >= 9  # not the same four everywhere (a few may share theirs by chance)
    assert all(len(set(ids)) == 4 for ids in shown)
    assert all(product.id not in ids for product in products
               for ids in [tuple(p.id for p, _ in related_products(today, product, 4).items)])
