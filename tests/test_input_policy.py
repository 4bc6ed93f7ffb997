"""The input policy (shop/input_policy.py): control characters are refused at the edge, and nothing
carrying them is written — on SQLite, which would store them, and on PostgreSQL, which would fail."""
import logging
import re
import unicodedata
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from wtforms import TextAreaField

from shop.extensions import db
from shop.input_policy import MULTI_LINE_FIELDS, acceptable
from shop.inventory.models import StockLevel
from tests.accounts.support import PASSWORD, csrf_token, make_user
from tests.factories import make_order, make_product
from tests.orders.support import BUYER, add_to_cart
from tests.support.files import PDF
from tests.workspace.workflow import apply_as_producer, post_form, producer_signed_up

SHOP = Path(__file__).resolve().parent.parent / "shop"
REFUSAL = "Dữ liệu gửi lên chứa ký tự không hợp lệ."
EDGES = ["\x00", "\x01", "\t", "\n", "\r", "\x1b", "\x1f", " ", "\x7f", "\x85", "\x9f", "\xa0", "\u200d", "\u202e",
         "\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]


def _never(char: str, multi_line: bool) -> bool:
    """The policy in Unicode's own terms: a control (Cc), a surrogate (Cs) or a noncharacter."""
    if multi_line and char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE


@given(st.text(st.one_of(st.characters(exclude_categories=()), st.sampled_from(EDGES))), st.booleans())
def test_text_is_acceptable_unless_it_holds_a_control_a_surrogate_or_a_noncharacter(text, multi_line):
    assert acceptable(text, multi_line) == (not any(_never(char, multi_line) for char in text))


@pytest.mark.parametrize("text", ["Nước mắm Phú Quốc", "０９１２ ３４５", "👩\u200d🌾 \u202eabc", "a\u0301", ""])
def test_vietnamese_odd_unicode_and_full_width_digits_are_acceptable(text):
    assert acceptable(text) and acceptable(text, multi_line=True)


def test_the_multi_line_fields_are_exactly_the_shops_textareas(app):  # the app has imported every form
    in_forms = {name for form in _subclasses(FlaskForm) for name, field in vars(form).items()
                if getattr(field, "field_class", None) is TextAreaField}
    in_templates = {name for page in (SHOP / "templates").rglob("*.html")
                    for name in re.findall(r'<textarea[^>]*\bname="(\w+)"', page.read_text())}
    assert MULTI_LINE_FIELDS == in_forms | in_templates


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _row_counts() -> dict:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


@pytest.mark.parametrize("form_page, path, fields", [
    ("/account/login", "/account/login", {"email": "khach\x00@example.vn", "password": PASSWORD}),
    ("/account/register", "/account/register", {"name": "A\x00B", "email": "moi@example.vn", "password": PASSWORD,
                                                "confirm": PASSWORD}),
    ("/account/reset", "/account/reset", {"email": "khach@example.vn\x00"}),
    ("/orders/lookup", "/orders/lookup", {"number": "DH-260615-\x00", "phone": "0987654321"}),
    ("/products/che-tan-cuong", "/cart/add", {"product": "\x00", "quantity": "1"}),
    ("/products/che-tan-cuong", "/cart/add", {"product": "che-tan-cuong", "quantity": "1", "\x00": "1"}),
    ("/checkout", "/checkout", {**BUYER, "name": "A\x00B"}),
    ("/checkout", "/checkout", {**BUYER, "address": "12 Hàng Bạc\n\x1b[2J"}),
    ("/checkout", "/checkout", {**BUYER, "commune": "Hoàn Kiếm\r\nBcc: x@example.vn"}),
])
def test_a_form_carrying_control_characters_is_refused_and_nothing_is_written(client, caplog, form_page, path, fields):
    make_user("khach@example.vn")
    product = make_product("Chè Tân Cương")
    add_to_cart(client, product)
    make_order((product, 1))
    before = _row_counts()
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        answer = client.post(path, data={**fields, "csrf_token": csrf_token(client, form_page)})
    assert answer.status_code == 400 and REFUSAL in answer.text
    assert _row_counts() == before and db.session.scalar(select(StockLevel.on_hand)) == 9
    assert "email to" not in caplog.text  # no reset link went out


@pytest.mark.parametrize("url", ["/products?q=tr%C3%A0%00", "/products?%1B=1", "/products?q=a%0Ab",
                                 "/language/en?next=/%09/evil.example", "/products?q=%EF%B7%90",
                                 "/search?q=ch%C3%A8&q=%7F"])
def test_a_query_string_carrying_control_characters_gets_the_error_page_in_the_visitors_language(app, url):
    assert REFUSAL in app.test_client().get(url).text
    english = app.test_client()
    english.set_cookie("lang", "en")
    answer = english.get(url)
    assert answer.status_code == 400 and "The data sent contains characters that are not allowed." in answer.text


@pytest.mark.parametrize("headers", [{}, {"Transfer-Encoding": "chunked"}])
def test_a_form_body_is_checked_whatever_the_method_and_however_it_is_sent(client, headers):
    # The policy skips the form of a request with no body (most GETs); a body sent by length or in chunks is read.
    answer = client.open("/products", method="GET", data={"q": "mật\x00ong"}, headers=headers,
                         environ_base={"wsgi.input_terminated": True})  # as gunicorn says of a chunked body
    assert answer.status_code == 400 and REFUSAL in answer.text


def test_the_api_answers_control_characters_with_its_json_error(client):
    answer = client.get("/api/v1/products?q=%00")
    assert answer.status_code == 400
    assert answer.get_json() == {"error": {"code": "bad_parameter", "message": REFUSAL}}
    assert client.get("/api/v1/products/%00").get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/orders/%00", "/orders/DH-260615-%00", "/orders/%00/pay", "/orders/DH-1",
                                  "/orders/%3Cscript%3E", "/account/reset/%00", "/seller/invitations/%01",
                                  "/media/products/%7F.png", "/products/che%0Atan", "/office/documents/%00"])
def test_a_path_that_cannot_name_anything_is_not_found_before_any_query_runs(client, count_queries, path):
    with count_queries() as counted:
        answer = client.get(path)
    assert answer.status_code == 404 and counted.statements == []


def test_an_order_is_still_found_by_its_number(client):
    order = make_order((make_product(), 1))
    client.post("/orders/lookup", data={"number": order.number, "phone": "0987654321",
                                        "csrf_token": csrf_token(client, "/orders/lookup")})
    assert client.get(f"/orders/{order.number}").status_code == 200
    assert client.get(f"/orders/{order.number.lower()}").status_code == 200


def test_line_breaks_are_kept_in_a_description_and_refused_in_a_name(client):
    product = make_product("Chè móc câu", seller=producer_signed_up(client))
    fields = {"name": "Chè móc câu", "group": str(product.group_id), "subgroup": "", "price_vnd": "150000",
              "unit": "gói"}
    assert post_form(client, f"/seller/products/{product.slug}", **fields,
                     description="Hái tay.\r\n\tSao trong chảo gang.").status_code == 302
    assert db.session.get(type(product), product.id).description == "Hái tay.\r\n\tSao trong chảo gang."
    for poisoned in ({"name": "Chè\nmóc câu"}, {"description": "Hái tay.\x00"}):
        answer = post_form(client, f"/seller/products/{product.slug}", **{**fields, "description": "", **poisoned})
        assert answer.status_code == 400 and REFUSAL in answer.text
    assert db.session.get(type(product), product.id).description == "Hái tay.\r\n\tSao trong chảo gang."


def test_an_upload_whose_file_name_holds_a_control_character_is_refused(client):
    make_user("lan@example.vn")
    client.post("/account/login", data={"email": "lan@example.vn", "password": PASSWORD,
                                        "csrf_token": csrf_token(client)})
    before = _row_counts()
    answer = apply_as_producer(client, document=(PDF, "giay-phep\x1b.pdf"))
    assert answer.status_code == 400 and REFUSAL in answer.text and _row_counts() == before


def test_a_language_cookie_carrying_a_nul_is_ignored(client):
    client.set_cookie("lang", "en\x00")
    page = client.get("/products")
    assert page.status_code == 200 and '<html lang="vi">' in page.text
