"""Vietnamese first, English too: the switch, locale formats, and a complete English catalog."""
import contextvars
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale

from tests.factories import make_product

SHOP = Path(__file__).resolve().parent.parent / "shop"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def test_vietnamese_is_the_default_even_for_english_browsers(client):
    make_product(price_vnd=150_000)
    page = client.get("/products", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in page.text and "150.000\xa0₫" in page.text and "Sản phẩm OCOP" in page.text


def test_switching_language_returns_to_the_same_page(client):
    answer = client.get("/language/en?next=/products?stars%3D4")
    assert answer.status_code == 302 and answer.location == "/products?stars=4"
    assert "lang=en" in answer.headers["Set-Cookie"]


def test_english_pages_translate_text_money_and_dates(client):
    product = make_product("Chè Tân Cương", stars=4, price_vnd=150_000)
    client.get("/language/en?next=/")
    listing = client.get("/products").text
    assert '<html lang="en">' in listing
    assert "OCOP products" in listing and "4-star OCOP" in listing and "₫150,000" in listing
    page = client.get(f"/products/{product.slug}").text
    assert "Valid until" in page and "Mar 7, 2029" in page and "Cooperative (HTX)" in page
    assert 'href="/language/vi?next=' in page  # and back to Vietnamese


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "",
                                    "/ /evil.example", "javascript:alert(1)"])  # tab, newline: refused at the edge
def test_language_switch_never_redirects_off_the_site(client, target):
    assert client.get("/language/en", query_string={"next": target}).location == "/"


def test_unknown_language_is_404(client):
    assert client.get("/language/fr?next=/").status_code == 404


def test_every_string_in_the_code_has_an_english_translation():
    source = {(context, message if isinstance(message, str) else message[0])  # pgettext's context is part of a key
              for _file, _line, message, _comments, context in extract_from_dir(
                  str(SHOP), method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
                  keywords=KEYWORDS)}
    with (SHOP / "translations/en/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    assert source - set(translated) == set(), "run `make translations` and translate the new strings"
    untranslated = [m.id for m in translated.values() if not m.string or m.fuzzy
                    or (isinstance(m.string, tuple) and not all(m.string))]
    assert untranslated == []


def test_templates_speak_the_language_in_force_even_when_it_changes_mid_request(app):
    page = ('{{ _("Chợ OCOP") }} · {{ pgettext("checkout summary", "Đơn hàng") }} · '
            '{{ ngettext("%(num)s sản phẩm đang bán", "%(num)s sản phẩm đang bán", 2) }}')
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert render_template_string(page) == "OCOP Market · Your order · 2 products on sale"
        with force_locale("vi"):  # as an email to a Vietnamese buyer is written
            assert render_template_string(page) == "Chợ OCOP · Đơn hàng · 2 sản phẩm đang bán"
        assert render_template_string(page) == "OCOP Market · Your order · 2 products on sale"


def test_templates_outside_a_request_speak_vietnamese_and_outside_the_app_the_messages_as_written(app):
    template = app.jinja_env.from_string('{{ _("Chợ OCOP") }}')
    with force_locale("en"):
        assert template.render() == "OCOP Market"  # a command in English (the certificate import)
    assert template.render() == "Chợ OCOP"  # a command, an email job
    assert contextvars.Context().run(template.render) == "Chợ OCOP"  # no application context at all


def test_translated_messages_are_escaped_and_their_values_too(app):
    with app.test_request_context():
        assert render_template_string('{{ _("Kết quả cho “%(q)s”", q="<b>") }}') == "Kết quả cho “&lt;b&gt;”"
