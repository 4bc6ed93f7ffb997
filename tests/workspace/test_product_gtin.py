"""A producer gives a product its GTIN-13 on the product form: checked, tidied, warned off Vietnam's prefix, and
refused when wrong or another product's — a form error, never a 500, nothing half-written."""
import pytest

from shop.catalog.models import Product
from shop.extensions import db
from tests.factories import make_product
from tests.workspace.workflow import new_product, post_form, producer_signed_up, product_form

GTIN = "8934563138165"


def test_a_new_product_keeps_its_gtin_as_13_digits(client):
    producer_signed_up(client)
    response = new_product(client, gtin="893 4563 138165")
    assert response.status_code == 302
    assert db.session.query(Product).one().gtin == GTIN
    assert "không bắt đầu bằng 893" not in client.get(response.location).text


def test_a_foreign_prefix_is_saved_with_a_warning(client):
    producer_signed_up(client)
    response = new_product(client, gtin="4006381333931")
    page = client.get(response.location).text
    assert db.session.query(Product).one().gtin == "4006381333931"
    assert "Đã tạo sản phẩm" in page and "flash-warning" in page and "không bắt đầu bằng 893" in page


@pytest.mark.parametrize("typed, message", [
    ("8934563138164", "chữ số cuối phải là 5"),
    ("89345631381", "gồm đúng 13 chữ số"),
    ("893-ABC", "chỉ gồm chữ số"),
])
def test_a_bad_gtin_is_a_form_error_and_creates_nothing(client, typed, message):
    producer_signed_up(client)
    response = new_product(client, gtin=typed)
    assert response.status_code == 200 and message in response.text
    assert db.session.query(Product).count() == 0


def test_another_products_gtin_is_refused_on_the_form(client):
    make_product("Nước mắm").gtin = GTIN
    db.session.commit()
    producer_signed_up(client)
    response = new_product(client, gtin=GTIN)
    assert response.status_code == 200 and "đã được dùng cho một sản phẩm khác" in response.text
    assert db.session.query(Product).count() == 1
    assert db.session.query(Product).count() == 1


def test_editing_sets_corrects_and_clears_the_gtin(client):
    producer_signed_up(client)
    page = new_product(client).location
    slug = page.rsplit("/", 1)[1]
    assert post_form(client, page, **product_form(gtin=GTIN)).status_code == 302
    assert db.session.scalar(db.select(Product.gtin)) == GTIN
    assert f'href="/01/0{GTIN}"' in client.get(page).text  # the public page its barcode leads to
    refused = post_form(client, page, **product_form(gtin="8934563138164"))
    assert refused.status_code == 200 and "chữ số cuối phải là 5" in refused.text
    assert db.session.scalar(db.select(Product.gtin)) == GTIN
    assert post_form(client, f"/seller/products/{slug}", **product_form(gtin="")).status_code == 302
    assert db.session.scalar(db.select(Product.gtin)) is None


def test_the_unique_index_is_the_last_guard_against_a_race(client, monkeypatch):
    """Two producers typing the same GTIN at once: the second's check found none, the index refuses it."""
    make_product("Nước mắm").gtin = GTIN
    db.session.commit()
    producer_signed_up(client)
    monkeypatch.setattr("shop.catalog.editing.db.session.scalar", lambda query: None)
    response = new_product(client, gtin=GTIN)
    monkeypatch.undo()
    assert response.status_code == 200 and "đã được dùng cho một sản phẩm khác" in response.text
    assert db.session.query(Product).count() == 1
