"""Error answers (shop/errors.py): which database errors are an outage (503, try again) and which stay a 500,
the headers of an HTTP error kept (a 405 says what is allowed), and refusals: every one is a `Refused`, says its
status, and is answered in JSON to a program and with the error page to a person."""
import importlib
import inspect
import pkgutil

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

import shop
from shop import create_app
from shop.accounts.services import AccountError
from shop.catalog.editing import ProductRefused
from shop.certification.services import SubmissionRefused
from shop.certification.table_files import ListRejected
from shop.errors import Conflict, Invalid, Refused, is_outage
from shop.extensions import db
from shop.inventory.services import StockRefused
from shop.office.services import DecisionRefused
from shop.orders.cart import CartRefused
from shop.orders.checkout import CheckoutRefused
from shop.orders.fulfilment import FulfilmentRefused
from shop.sellers.onboarding import OnboardingError
from shop.uploads import UploadRejected
from shop.web import BadFilter
from tests.accounts.support import PASSWORD, csrf_token, log_in, make_user
from tests.support.files import png_bytes
from tests.support.pages import visible_text
from tests.workspace.workflow import new_product, producer_signed_up

# Exceptions defined in shop/ that are not refusals, and why.
NOT_REFUSALS = {
    "shop.search.whoosh_index.SearchUnavailable": "an index that cannot be read; search falls back to the database",
}


def _raised(connection, statement: str) -> SQLAlchemyError:
    with pytest.raises(SQLAlchemyError) as raised:
        connection.execute(text(statement))
    return raised.value


def test_bad_sql_and_broken_constraints_are_not_an_outage():
    missing_table = _raised(db.session, "SELECT * FROM no_such_table")  # SQLite calls it an OperationalError
    db.session.rollback()
    duplicate = _raised(db.session, "INSERT INTO catalog_state (id, version) VALUES (1, 0)")
    db.session.rollback()
    assert not is_outage(missing_table) and not is_outage(duplicate)


def test_a_statement_timeout_on_postgresql_is_not_an_outage():
    """psycopg calls it an OperationalError, as it does a lost connection: it is a slow query to fix, not a 503."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's statement timeout needs TEST_DATABASE_URL (CI sets it)")
    db.session.execute(text("SET LOCAL statement_timeout = 1"))
    timed_out = _raised(db.session, "SELECT pg_sleep(1)")
    db.session.rollback()
    assert timed_out.orig.sqlstate == "57014" and not is_outage(timed_out)


def test_a_locked_sqlite_database_is_an_outage(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'locked.db'}")
    with engine.connect() as writer, engine.connect() as other:
        other.exec_driver_sql("PRAGMA busy_timeout = 0")  # give up at once rather than after the shop's 10 s
        writer.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        writer.commit()
        writer.exec_driver_sql("BEGIN EXCLUSIVE")
        locked = _raised(other, "INSERT INTO t VALUES (1)")
    engine.dispose()
    assert "database is locked" in str(locked) and is_outage(locked)


@pytest.mark.parametrize("path, allowed", [("/products", {"GET", "HEAD", "OPTIONS"}),
                                           ("/cart/add", {"POST", "OPTIONS"})])
def test_a_method_not_allowed_page_keeps_its_allow_header(client, path, allowed):
    answer = client.put(path)
    assert answer.status_code == 405 and "Phương thức không được hỗ trợ." in answer.text
    assert set(answer.headers["Allow"].split(", ")) == allowed
    assert answer.mimetype == "text/html"


def test_a_method_not_allowed_in_the_api_keeps_its_allow_header(client):
    answer = client.post("/api/v1/products")
    assert answer.status_code == 405 and answer.get_json()["error"]["code"] == "method_not_allowed"
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("kind, status, code", [
    (Conflict, 409, "conflict"), (Invalid, 422, "invalid"),
    (BadFilter, 400, "bad_parameter"),  # a malformed query string: the API's contract says 400
    (FulfilmentRefused, 409, "illegal_transition"), (StockRefused, 409, "conflict"),
    (CartRefused, 409, "conflict"), (CheckoutRefused, 409, "conflict"), (DecisionRefused, 409, "conflict"),
    (OnboardingError, 409, "conflict"), (ProductRefused, 409, "conflict"),
    (AccountError, 422, "invalid"), (SubmissionRefused, 422, "invalid"), (UploadRejected, 422, "invalid"),
    (ListRejected, 422, "invalid"),
])
def test_each_kind_of_refusal_says_its_status(kind, status, code):
    assert issubclass(kind, Refused) and (kind.status, kind.code) == (status, code)


def _exceptions_defined_in_shop():
    for module in pkgutil.walk_packages(shop.__path__, "shop."):
        loaded = importlib.import_module(module.name)
        for name, found in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(found, BaseException) and found.__module__ == loaded.__name__:
                yield f"{loaded.__name__}.{name}", found


def test_every_exception_in_shop_is_a_refusal_unless_said_otherwise():
    found = dict(_exceptions_defined_in_shop())
    assert set(NOT_REFUSALS) <= set(found)  # the list names real classes
    strays = [name for name, kind in found.items() if not issubclass(kind, Refused) and name not in NOT_REFUSALS]
    assert strays == []
    assert {"shop.orders.cart.CartRefused", "shop.uploads.UploadRejected"} <= set(found)  # the walk finds them


@pytest.fixture(scope="module")
def refusing_shop(app):
    """The shop with routes that let a refusal escape, as a view that does not catch it would."""
    refusing = create_app(dict(app.config))

    def refuse():
        raise Conflict("Đơn đã được xác nhận.")

    refusing.add_url_rule("/refuse", view_func=refuse)
    refusing.add_url_rule("/api/v1/refuse", "api_refuse", view_func=refuse)
    yield refusing
    with refusing.app_context():
        db.engine.dispose()


JSON_REFUSAL = {"error": {"code": "conflict", "message": "Đơn đã được xác nhận."}}


def test_a_refusal_is_answered_in_json_with_its_status_under_the_api(refusing_shop):
    answer = refusing_shop.test_client().get("/api/v1/refuse")
    assert answer.status_code == 409 and answer.get_json() == JSON_REFUSAL


def test_a_refusal_is_answered_in_json_to_a_request_that_asks_for_json(refusing_shop):
    answer = refusing_shop.test_client().get("/refuse", headers={"Accept": "application/json"})
    assert answer.status_code == 409 and answer.get_json() == JSON_REFUSAL


def test_a_refusal_is_answered_with_the_error_page_to_a_person(refusing_shop):
    answer = refusing_shop.test_client().get("/refuse", headers={"Accept": "text/html,application/xhtml+xml,*/*"})
    assert answer.status_code == 409 and answer.mimetype == "text/html"
    assert "Đơn đã được xác nhận." in answer.text and "Về trang chủ" in answer.text


def test_a_bad_filter_keeps_its_400_and_says_on_the_page_that_it_was_a_filter(client):
    page = client.get("/products?stars=9")
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "Bộ lọc không hợp lệ: “9” không phải là số nguyên từ 3 đến 5." in page.text
    answer = client.get("/api/v1/products?stars=9")
    assert answer.status_code == 400
    assert answer.get_json()["error"] == {"code": "bad_parameter", "message": "stars must be between 3 and 5, got 9"}


# What a person meets by using the shop's own forms, in each language: the error page, never developer words.
FORM_ERRORS = {
    "vi": {"price": "Bộ lọc không hợp lệ: “1e9” không phải là số nguyên từ 0 đến 1.000.000.000.",
           "expired": "Biểu mẫu đã hết hạn vì trang được mở quá lâu.", "too large": "Tệp gửi lên quá lớn.",
           "too many": "Bạn đã thử quá nhiều lần.", "back": "Quay lại trang trước",
           "not found": "Không tìm thấy trang hoặc sản phẩm này.", "home": "Về trang chủ"},
    "en": {"price": "Invalid filter: “1e9” is not a whole number from 0 to 1,000,000,000.",
           "expired": "The form expired because the page was open too long.",
           "too large": "The uploaded file is too large.",
           "too many": "Too many attempts.", "back": "Back to the previous page",
           "not found": "This page or product was not found.", "home": "Back to the home page"},
}


def _in_language(client, language: str):
    client.get(f"/language/{language}?next=/")
    return client


def _friendly(answer, language: str, message: str):
    """The error page in `language`, saying `message`, with a way home (and to the products) whatever else."""
    words = FORM_ERRORS[language]
    assert answer.mimetype == "text/html" and f'<html lang="{language}">' in answer.text
    assert message in answer.text and f'href="/">{words["home"]}</a>' in answer.text
    assert "Traceback" not in answer.text and "werkzeug" not in visible_text(answer.text).lower()


@pytest.mark.parametrize("language", FORM_ERRORS)
def test_a_price_typed_out_of_range_gets_the_error_page_in_the_visitors_language(client, language):
    words = FORM_ERRORS[language]
    page = _in_language(client, language).get("/products?price_min=1e9", headers={
        "Referer": "http://localhost/products?stars=4"})  # Chromium sends what a number field holds: 1e9
    assert page.status_code == 400 and "price_min" not in visible_text(page.text)
    _friendly(page, language, words["price"])
    assert f'href="/products?stars=4">{words["back"]}</a>' in page.text


@pytest.mark.parametrize("language", FORM_ERRORS)
def test_a_form_sent_after_its_token_expired_says_so_and_leads_back(client, language):
    words = FORM_ERRORS[language]
    make_user("lan@example.vn")
    answer = _in_language(client, language).post("/account/login", headers={
        "Referer": "http://localhost/account/login"}, data={"email": "lan@example.vn", "password": PASSWORD,
                                                            "csrf_token": "hết hạn"})
    assert answer.status_code == 400 and "CSRF" not in visible_text(answer.text)
    _friendly(answer, language, words["expired"])
    assert f'href="/account/login">{words["back"]}</a>' in answer.text


@pytest.mark.parametrize("language", FORM_ERRORS)
def test_an_upload_too_large_gets_the_error_page_in_the_visitors_language(client, app, language):
    producer_signed_up(_in_language(client, language))
    app.config["MAX_CONTENT_LENGTH"] = 2_000  # the test's own limit, restored after it
    answer = new_product(client, image=(png_bytes() + b"\0" * 3_000, "che.png"))
    assert answer.status_code == 413
    _friendly(answer, language, FORM_ERRORS[language]["too large"])


@pytest.mark.parametrize("language", FORM_ERRORS)
def test_too_many_logins_get_the_error_page_in_the_visitors_language(client, language):
    _in_language(client, language)
    answers = [log_in(client, "lan@example.vn", "sai mật khẩu").status_code for _ in range(6)]
    refused = log_in(client, "lan@example.vn")
    assert answers[-1] == 429 and refused.status_code == 429
    _friendly(refused, language, FORM_ERRORS[language]["too many"])


def test_no_way_back_to_another_site_or_to_the_same_page(client):
    for referrer in ("https://evil.example/products", "http://localhost/products?price_min=1e9"):
        page = client.get("/products?price_min=1e9", headers={"Referer": referrer})
        assert "Quay lại trang trước" not in page.text, referrer


@pytest.mark.parametrize("language", FORM_ERRORS)
def test_a_product_no_longer_there_added_to_the_cart_gets_the_error_page_and_the_way_back(client, language):
    """A product page left open while the product went away: its "Thêm vào giỏ" form answers 404, in words."""
    token = csrf_token(_in_language(client, language))
    answer = client.post("/cart/add", data={"product": "khong-co", "quantity": "1", "csrf_token": token},
                         headers={"Referer": "http://localhost/products/khong-co"})
    assert answer.status_code == 404
    _friendly(answer, language, FORM_ERRORS[language]["not found"])
    assert f'href="/products/khong-co">{FORM_ERRORS[language]["back"]}</a>' in answer.text


@pytest.mark.parametrize("query, status, code", [
    ("/api/v1/products?price_min=1e9", 400, "bad_parameter"),
    ("/api/v1/products?price_min=500000&price_max=1000", 400, "bad_parameter"),  # a person's form swaps them
    ("/api/v1/products?q=!!!", 400, "bad_parameter"),  # a person gets the no-results page
    ("/api/v1/products/khong-co", 404, "not_found"),
])
def test_the_api_still_answers_the_same_mistakes_in_json_whatever_the_language(client, query, status, code):
    answer = _in_language(client, "en").get(query, headers={"Accept": "text/html"})
    assert answer.status_code == status and answer.mimetype == "application/json"
    assert answer.get_json()["error"]["code"] == code


@pytest.mark.parametrize("language", FORM_ERRORS)
def test_a_price_range_typed_high_to_low_is_no_error_for_a_person_in_either_language(client, language):
    """The filters' form swaps the two prices (the API's 400 is above); "!!!" gets its page in tests/search."""
    page = _in_language(client, language).get("/products?price_min=500000&price_max=1000")
    assert page.status_code == 200 and f'<html lang="{language}">' in page.text
    assert 'name="price_min" type="number" min="0" step="1000" inputmode="numeric" value="1000"' in page.text
