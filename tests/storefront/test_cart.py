"""The cart page on a phone's terms: line totals, −/+ buttons that are plain forms, what is left to ship free,
and the header's count kept in the `cart_count` cookie while cached pages stay the same for everyone."""
import re

import pytest
from sqlalchemy import event

from shop.extensions import db
from tests.accounts.support import csrf_token, log_in, make_user
from tests.factories import make_product, make_seller
from tests.orders.support import add_to_cart, check_out


def text(page) -> str:
    return page.text.replace("\xa0", " ")  # money is written with a no-break space


def count(client) -> str | None:
    cookie = client.get_cookie("cart_count")
    return cookie.value if cookie else None


@pytest.fixture
def tea():
    return make_product("Chè Tân Cương", price_vnd=150_000, stock=10)


def step_buttons(page: str, product) -> dict:
    """The values the line's −, + and Bỏ buttons send, by their text."""
    found = re.findall(rf'<button type="submit" form="line-{product.id}" name="quantity" value="(\d+)"[^>]*>([^<]+)<',
                       page)
    return {label.strip(): value for value, label in found}


def test_a_line_shows_its_total_and_steps_one_unit_either_way(client, tea):
    add_to_cart(client, tea, 2)
    page = client.get("/cart")
    assert "Thành tiền: 300.000 ₫" in text(page)
    assert step_buttons(page.text, tea) == {"−": "1", "+": "3", "Bỏ": "0"}
    assert f'<form id="line-{tea.id}" method="post" action="/cart/update"' in page.text  # the form they send
    token = csrf_token(client, "/cart")
    client.post("/cart/update", data={"product": tea.slug, "quantity": "3", "csrf_token": token})  # what + sends
    assert "Thành tiền: 450.000 ₫" in text(client.get("/cart"))
    client.post("/cart/update", data={"product": tea.slug, "quantity": "0", "csrf_token": token})  # − from 1
    assert "Giỏ hàng đang trống." in client.get("/cart").text


def test_the_cart_says_what_is_left_to_ship_free_then_that_it_ships_free(client, tea):
    tea.seller.shipping_fee_vnd, tea.seller.free_shipping_over_vnd = 25_000, 400_000
    db.session.commit()
    add_to_cart(client, tea, 2)
    page = text(client.get("/cart"))
    assert "Phí vận chuyển: 25.000 ₫" in page and "Mua thêm 100.000 ₫ để được miễn phí vận chuyển" in page
    assert "Tổng cộng: 325.000 ₫" in page
    add_to_cart(client, tea, 1)
    page = text(client.get("/cart"))
    assert "Miễn phí vận chuyển" in page and "để được miễn phí" not in page and "Tổng cộng: 450.000 ₫" in page


def test_without_a_threshold_the_cart_never_promises_free_shipping(client, tea):
    add_to_cart(client, tea, 5)
    page = text(client.get("/cart"))
    assert "Phí vận chuyển: 30.000 ₫" in page and "iễn phí" not in page


def test_the_count_follows_add_update_login_logout_and_checkout(app, client, tea):
    honey = make_product("Mật ong bạc hà", seller=make_seller("HTX Ong Mèo Vạc", province="Tuyên Quang"))
    assert count(client) is None
    add_to_cart(client, tea, 2)
    assert count(client) == "2"
    add_to_cart(client, honey, 1)
    assert count(client) == "3"
    client.post("/cart/update", data={"product": tea.slug, "quantity": "1", "csrf_token": csrf_token(client, "/cart")})
    assert count(client) == "2"
    make_user("minh@example.vn")
    log_in(client, "minh@example.vn")  # the guest's cart becomes the buyer's
    assert count(client) == "2"
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/account/profile")})
    assert count(client) is None  # the buyer's cart stays with the account
    other = app.test_client()
    log_in(other, "minh@example.vn")
    assert count(other) == "2"
    check_out(other)
    assert count(other) is None


def test_the_count_cookie_is_for_script_and_same_site(client, tea):
    answer = add_to_cart(client, tea, 1)
    cookie = next(value for name, value in answer.headers.items() if value.startswith("cart_count="))
    assert "SameSite=Lax" in cookie and "HttpOnly" not in cookie


def test_a_cached_page_is_the_same_for_visitors_with_different_carts(app, client, tea):
    other = app.test_client()
    add_to_cart(client, tea, 3)
    for path in ("/", "/products"):
        mine, theirs = client.get(path), other.get(path)
        assert mine.data == theirs.data and "Set-Cookie" not in mine.headers
        assert 'data-cart-count hidden></span>' in mine.text  # the badge is filled in by script, from the cookie


def test_a_cart_commits_without_waiting_for_the_disk_and_its_order_waits(client, tea):
    """SQLite: putting a product in the cart does not wait for an fsync (a cart lost in a power cut is filled
    again); placing the order does, as every other commit."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL commits as ever: only SQLite lets a cart off")
    levels = []

    def at_commit(connection):
        levels.append(connection.connection.dbapi_connection.execute("PRAGMA synchronous").fetchone()[0])
    event.listen(db.engine, "commit", at_commit)
    try:
        add_to_cart(client, tea, 2)
        assert check_out(client).status_code == 302
    finally:
        event.remove(db.engine, "commit", at_commit)
    assert levels == [1, 2]  # NORMAL for the cart, FULL for the order
