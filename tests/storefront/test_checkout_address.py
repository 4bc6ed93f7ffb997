"""Where the order goes: the commune is chosen among the province's wards and communes (typed only as a
fallback), the form helps a phone fill itself in, and the total comes just before "Đặt hàng"."""
import re

import pytest
from flask import template_rendered
from sqlalchemy import func, select

from shop.extensions import db
from shop.orders.models import Order
from tests.accounts.support import csrf_token, log_in, make_user
from tests.factories import make_product
from tests.orders.support import add_to_cart, check_out


@pytest.fixture
def in_cart(client):
    tea = make_product("Chè Tân Cương", price_vnd=150_000, stock=10)
    add_to_cart(client, tea, 2)
    return tea


def orders() -> int:
    return db.session.scalar(select(func.count()).select_from(Order))


def options(page: str, name: str) -> list[str]:
    select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"', select_html)


def chosen(page: str, name: str) -> str | None:
    select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    found = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_html)
    return found and (found.group(1) or found.group(2))


def test_a_commune_from_the_chosen_province_list_places_the_order(client, in_cart):
    assert check_out(client, province="Huế", commune="Phường Thuận Hóa").status_code == 302
    assert db.session.scalars(select(Order)).one().commune == "Phường Thuận Hóa"


def test_a_commune_of_another_province_is_refused_with_a_form_error(client, in_cart):
    page = check_out(client, province="Huế", commune="Phường Hoàn Kiếm")
    assert page.status_code == 200 and orders() == 0
    assert "Phường Hoàn Kiếm không thuộc Huế: hãy chọn lại trong danh sách." in page.text
    assert "Phường Thuận Hóa" in options(page.text, "commune")  # now offering Huế's own


def test_without_a_province_only_the_province_is_asked_for(client, in_cart):
    page = check_out(client, province="")
    assert orders() == 0 and 'id="province-errors"' in page.text and 'id="commune-errors"' not in page.text


@pytest.mark.parametrize("commune", ["", "Hoàn Kiếm", "Phường 1"])
def test_a_commune_not_chosen_from_the_list_is_refused(client, in_cart, commune):
    page = check_out(client, commune=commune)
    assert orders() == 0 and 'id="commune-errors"' in page.text


def test_a_typed_commune_is_the_fallback(client, in_cart):
    assert check_out(client, commune="", commune_other="Thôn Đông, xã mới lập").status_code == 302
    assert db.session.scalars(select(Order)).one().commune == "Thôn Đông, xã mới lập"


def test_a_typed_commune_is_held_to_its_length(client, in_cart):
    page = check_out(client, commune="", commune_other="x" * 121)
    assert orders() == 0 and 'id="commune_other-errors"' in page.text


def test_without_script_choose_shows_the_province_communes_and_keeps_what_was_typed(client, in_cart):
    page = check_out(client, province="Cà Mau", commune="", choose="province")
    assert page.status_code == 200 and orders() == 0
    assert "Phường An Xuyên" in options(page.text, "commune") and "Phường Hoàn Kiếm" not in page.text
    assert chosen(page.text, "province") == "Cà Mau" and 'value="12 Hàng Bạc"' in page.text
    assert 'class="errors"' not in page.text  # not sent yet: nothing to complain about


def test_a_link_may_name_the_province(client, in_cart):
    page = client.get("/checkout?province=thua thien hue").text
    assert chosen(page, "province") == "Huế" and "Phường Thuận Hóa" in options(page, "commune")
    unknown = client.get("/checkout?province=Narnia").text
    assert chosen(unknown, "province") is None and options(unknown, "commune") == [""]


def test_a_returning_buyer_finds_the_saved_commune_chosen(client, in_cart):
    make_user("minh@example.vn")
    log_in(client, "minh@example.vn")
    check_out(client)
    add_to_cart(client, in_cart, 1)
    page = client.get("/checkout").text
    assert chosen(page, "province") == "Hà Nội" and chosen(page, "commune") == "Phường Hoàn Kiếm"
    assert '<details class="commune-other">' in page  # the fallback stays folded


def test_an_old_free_text_commune_comes_back_in_the_fallback(client, in_cart):
    make_user("minh@example.vn")
    log_in(client, "minh@example.vn")
    check_out(client, commune="", commune_other="Phường Hàng Trống")  # before the list, or typed
    add_to_cart(client, in_cart, 1)
    page = client.get("/checkout").text
    assert '<details class="commune-other" open>' in page and 'value="Phường Hàng Trống"' in page
    assert check_out(client, commune="", commune_other="Phường Hàng Trống").status_code == 302  # as it came back


def test_fields_tell_a_phone_what_they_hold(client, in_cart):
    page = client.get("/checkout").text
    for name, attributes in {"name": ['autocomplete="name"'], "phone": ['autocomplete="tel"', 'inputmode="tel"',
                                                                        'type="tel"'],
                             "email": ['autocomplete="email"', 'inputmode="email"'],
                             "address": ['autocomplete="street-address"'],
                             "province": ['autocomplete="address-level1"'],
                             "commune": ['autocomplete="address-level2"']}.items():
        tag = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', page).group(0)
        assert all(attribute in tag for attribute in attributes), tag


def test_the_summary_and_total_come_just_before_the_order_button(client, in_cart):
    page = client.get("/checkout").text.replace("\xa0", " ")
    total = page.index("Tổng cộng: 330.000 ₫")
    button = page.index('<button type="submit" class="place-order">Đặt hàng</button>')
    assert page.index('name="address"') < page.index('id="summary-title"') < total < button
    assert re.search(r'class="place-order">Đặt hàng</button>\s*</div>\s*</form>', page)  # the form's last word




def fields_rendered(app, action) -> int:
    """How many times `action()` renders the checkout form's fields to keep them."""
    rendered = []
    with template_rendered.connected_to(lambda _app, template, **_: rendered.append(template.name), app):
        action()
    return rendered.count("orders/_checkout_fields.html")


def kept(app) -> str:
    """Every rendered part this worker keeps, as one text."""
    return " ".join(html for html, in app.extensions["live_part_cache"].items.values())



def test_guests_share_the_fields_rendered_once_each_with_a_token_of_their_own(app, client, in_cart):
    app.extensions.pop("live_part_cache", None)  # as a worker starts: kept by none of the tests before
    assert fields_rendered(app, lambda: client.get("/checkout")) == 1
    other = app.test_client()
    add_to_cart(other, in_cart, 1)
    assert fields_rendered(app, lambda: other.get("/checkout")) == 0
    assert fields_rendered(app, lambda: other.get("/checkout?province=Huế")) == 1  # another province's communes
    assert csrf_token(client, "/checkout") != csrf_token(other, "/checkout")
    assert check_out(other).status_code == 302 and check_out(client).status_code == 302
    assert orders() == 2


def test_what_a_buyer_typed_or_saved_is_shown_to_them_and_never_kept(app, client, in_cart):
    refused = check_out(client, name="Trần Thị Hoa", phone="12")
    assert refused.status_code == 200 and 'value="Trần Thị Hoa"' in refused.text and orders() == 0
    make_user("minh@example.vn", name="Lê Văn Minh")
    log_in(client, "minh@example.vn")
    add_to_cart(client, in_cart, 1)
    assert 'value="Lê Văn Minh"' in client.get("/checkout").text
    guest = app.test_client()
    add_to_cart(guest, in_cart, 1)
    assert 'value="Lê Văn Minh"' not in guest.get("/checkout").text
    assert "Lê Văn Minh" not in kept(app) and "Trần Thị Hoa" not in kept(app)
