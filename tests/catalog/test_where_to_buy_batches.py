"""Public lists of outlet stock (the product page's outlets, the outlet's page, the API) count a product held in
batches once, with its units in date in all of them, and no batch detail."""
from datetime import timedelta

from shop.extensions import db
from shop.inventory.services import find_or_make_batch, receive_stock
from tests.factories import make_outlet, make_product


def held_in_batches(today, units=((-1, 4), (30, 2), (90, 3)), loose=1):
    """A tea at the Hồ Gươm outlet in batches ((best-before in days from today, units)) and `loose` units of no
    batch: by default 4 past their best-before, 5 in date and 1 of no batch."""
    tea = make_product("Chè Tân Cương")
    outlet = make_outlet(stock=[(tea, loose)] if loose else [])
    for number, (days, count) in enumerate(units):
        lot = find_or_make_batch(tea, f"L-{number}", today - timedelta(days=120), today + timedelta(days=days))
        receive_stock(outlet, tea, count, reason="receipt", batch=lot)
    db.session.commit()
    return tea


def test_the_product_page_names_the_outlet_once_with_its_units_in_date(client, today):
    held_in_batches(today)
    page = client.get("/products/che-tan-cuong").text
    box = page.split('class="box where-to-buy"')[1].split("</section>")[0]
    assert box.count("<li>") == 1 and "còn 6" in box and "L-" not in box


def test_the_outlet_page_shows_the_product_once_with_its_units_in_date(client, today):
    held_in_batches(today)
    page = client.get("/outlets/diem-ban-ho-guom").text
    assert page.count("<h3>Chè Tân Cương</h3>") == 1 and "Có 6 sản phẩm tại đây" in page and "L-" not in page


def test_the_api_counts_the_product_once_per_outlet(client, today):
    tea = held_in_batches(today)
    assert client.get(f"/api/v1/products/{tea.slug}").get_json()["outlets"] == [
        {"slug": "diem-ban-ho-guom", "name": "Điểm bán OCOP Hồ Gươm", "province": "Hà Nội", "on_hand": 6}]


def test_an_outlet_holding_only_units_past_their_best_before_is_not_listed(client, today):
    tea = held_in_batches(today, units=((-1, 4),), loose=0)
    assert "Xem và mua tận nơi" not in client.get("/products/che-tan-cuong").text
    assert "Chè Tân Cương" not in client.get("/outlets/diem-ban-ho-guom").text
    assert client.get(f"/api/v1/products/{tea.slug}").get_json()["outlets"] == []
