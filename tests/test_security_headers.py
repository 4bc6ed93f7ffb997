"""Every response carries the security headers — pages, JSON, static files, media, redirects and error pages —
and a page widens its policy only for what it uses (Stripe.js on the card form, the camera where scanning is)."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shop import create_app
from shop.security_headers import allows
from tests.factories import make_product
from tests.workspace.workflow import office_client

CONTENT_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                  "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
                  "frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CONTENT_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
TEMPLATES = Path(__file__).resolve().parents[1] / "shop" / "templates"


def missing_headers(response) -> dict:
    """The security headers this response lacks or sets otherwise: {name: value found}."""
    return {name: response.headers.get(name) for name, value in HEADERS.items()
            if response.headers.get(name) != value}


def get_paths(app) -> list[str]:
    """Every GET route of the URL map that needs no argument."""
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and not rule.arguments - set(rule.defaults or {}))


@pytest.mark.parametrize("visitor", ["anonymous", "office"])
def test_every_page_without_arguments_carries_the_headers(client, app, visitor):
    app.config.update(STRIPE_SECRET_KEY="sk_test_ocop", STRIPE_PUBLISHABLE_KEY="pk_test_ocop")  # card payment on
    make_product()
    client = office_client(app) if visitor == "office" else client  # private pages rendered, not redirected
    paths = get_paths(app)
    assert {"/", "/products", "/cart", "/checkout", "/api/v1/products", "/office/", "/healthz"} <= set(paths)
    wrong = {}
    for path in paths:
        with client.get(path) as response:
            assert response.status_code < 500, path
            if missing := missing_headers(response):
                wrong[path] = missing
    assert wrong == {}


def test_pages_with_arguments_redirects_and_errors_carry_the_headers(client):
    product = make_product()
    certificate = product.current_certificate
    for method, path, status in [
        ("GET", f"/products/{product.slug}", 200), ("GET", f"/producers/{product.seller.slug}", 200),
        ("GET", f"/verify/{certificate.code}", 200), ("GET", f"/verify/{certificate.code}/qr.svg", 200),
        ("GET", f"/verify/{certificate.code}/label", 200), ("GET", f"/api/v1/products/{product.slug}", 200),
        ("GET", "/language/en?next=/products", 302), ("GET", "/seller/products", 302),
        ("GET", "/static/css/shop.css", 200), ("GET", "/static/js/actions.js", 200),
        ("GET", "/khong-co", 404), ("GET", "/api/v1/khong-co", 404), ("GET", "/media/products/khong-co.png", 404),
        ("POST", "/products", 405), ("GET", "/cart/add", 405), ("GET", "/products?stars=9", 400),
        ("GET", "/api/v1/products?page=0", 400), ("POST", "/cart/add", 400),  # no CSRF token
    ]:
        with client.open(path, method=method) as response:
            assert response.status_code == status, path
            assert missing_headers(response) == {}, (method, path)


def test_a_media_file_carries_the_headers_and_a_day_of_caching(client, app):
    folder = Path(app.instance_path, "media", "products")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with client.get("/media/products/anh.png") as response:
        assert response.status_code == 200 and missing_headers(response) == {}
        assert response.cache_control.max_age == 24 * 3600


@pytest.fixture
def own_app(tmp_path):
    """A shop of the test's own, which takes test-only routes (the session's app takes none once it served)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "x",
                      "SEARCH_INDEX_DIR": os.fspath(tmp_path / "index"), "PROPAGATE_EXCEPTIONS": False})
    app.instance_path = os.fspath(tmp_path)
    return app


def test_a_server_error_page_carries_the_headers(own_app):
    @own_app.get("/hong")
    def broken():
        raise RuntimeError("a bug")

    response = own_app.test_client().get("/hong")
    assert response.status_code == 500 and "Đã có lỗi phía máy chủ" in response.text
    assert missing_headers(response) == {}


def test_only_a_view_that_allows_the_camera_may_use_it(own_app):
    @own_app.get("/quet")
    @allows("camera")
    def scanner():
        return "máy quét"

    @own_app.get("/quet-hong")
    @allows("camera")
    def broken_scanner():
        raise RuntimeError("a bug")

    client = own_app.test_client()
    scanning = client.get("/quet")
    assert scanning.headers["Permissions-Policy"] == "camera=(self), microphone=(), geolocation=(), payment=()"
    assert scanning.headers["Content-Security-Policy"] == CONTENT_POLICY
    assert missing_headers(client.get("/khong-co")) == {}  # the camera stays off everywhere else
    assert client.get("/quet-hong").headers["Permissions-Policy"].startswith("camera=()")  # and on its error page


def test_templates_hold_no_inline_script_style_or_event_handler():
    """The policy runs no inline script or style: behaviour lives in static/js, looks in static/css."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)|<style|\sstyle=|\son[a-z]+=|"
                        r"javascript:", re.IGNORECASE)
    found = {str(path.relative_to(TEMPLATES)): inline.findall(path.read_text())
             for path in TEMPLATES.rglob("*.html")}
    assert {name: hits for name, hits in found.items() if hits} == {}


# --- In Chromium: no page breaks the policy, and what moved out of inline code still works. ---

REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`));"""
# Stands in for Stripe.js (the tests have no Internet): loading it and its frame is what the policy must allow.
STRIPE_STUB = """window.stripeLoaded = true;
window.Stripe = () => ({ elements: () => ({ create: () => ({ mount: (where) => {
  const frame = document.createElement("iframe");
  frame.src = "https://js.stripe.com/v3/elements-inner.html";
  document.querySelector(where).appendChild(frame);
} }) }) });"""


@pytest.fixture
def browsing_shop(database_url, tmp_path):
    """The shop under gunicorn with card payment on (localstripe), a product, the office and a producer's owner."""
    from shop.extensions import db
    from shop.sellers.models import SellerMember
    from tests.accounts.support import make_user
    from tests.conftest import TODAY
    from tests.support.server import running_shop, shop_environment
    from tests.support.stripe_events import localstripe

    product = make_product("Chè Tân Cương", price_vnd=150_000, stock=10)
    make_user("vanphong@ocop.gov.vn", office=True)
    db.session.add(SellerMember(user=make_user("lan@example.vn"), seller=product.seller, role="owner"))
    db.session.commit()
    with localstripe() as stripe_base:
        env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"),
                               STRIPE_SECRET_KEY="sk_test_ocop", STRIPE_PUBLISHABLE_KEY="pk_test_ocop",
                               STRIPE_API_BASE=stripe_base)
        with running_shop(env) as base:
            yield base, product.slug, product.current_certificate.code


@pytest.fixture
def watched(browser):
    """A new browser page and the Content Security Policy violations it reports on its console."""
    context = browser.new_context()
    context.add_init_script(REPORT_VIOLATIONS)
    context.route("https://js.stripe.com/**", lambda route: route.fulfill(
        content_type="application/javascript" if route.request.url.endswith("/v3/") else "text/html",
        body=STRIPE_STUB if route.request.url.endswith("/v3/") else "<p>card field</p>"))
    page = context.new_page()
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    yield page, violations
    context.close()


def sign_in(page, base, email):
    from tests.accounts.support import PASSWORD
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_the_violation_watch_sees_an_inline_script(browsing_shop, watched):
    base, _slug, _code = browsing_shop
    page, violations = watched
    page.goto(f"{base}/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                            document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None and violations  # refused, and reported


def test_the_shops_pages_run_under_the_policy_in_chromium(browsing_shop, watched):
    base, slug, code = browsing_shop
    page, violations = watched
    for path in ("/", f"/products/{slug}", f"/verify/{code}", "/account/login", "/orders/lookup"):
        page.goto(base + path)
    page.goto(f"{base}/products")
    page.get_by_label("Sắp xếp").select_option("price_asc")  # submitted by static/js/actions.js
    page.wait_for_url("**sort=price_asc**")

    page.goto(f"{base}/verify/{code}/label")
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="In nhãn").click()
    assert page.evaluate("window.printed") is True, violations

    page.goto(f"{base}/products/{slug}")
    page.get_by_label("Số lượng").fill("1")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.goto(f"{base}/checkout")
    page.get_by_label("Họ và tên người nhận").fill("Trần Văn Minh")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_label("Tỉnh, thành phố").select_option("Hà Nội")
    page.get_by_label("Xã, phường", exact=True).select_option("Phường Hoàn Kiếm")
    page.get_by_label("Số nhà, đường, thôn, xóm").fill("12 Hàng Bạc")
    page.get_by_label("Thẻ ngân hàng (Visa, Mastercard)").check()
    page.get_by_role("button", name="Đặt hàng", exact=True).click()
    page.wait_for_url("**/pay")
    assert page.evaluate("window.stripeLoaded") is True  # Stripe.js may load here
    expect(page.frame_locator("#card-element iframe").get_by_text("card field")).to_be_visible()  # and its frame

    sign_in(page, base, "lan@example.vn")
    for path in ("/seller/", "/seller/products", f"/seller/products/{slug}", "/seller/certificates",
                 "/seller/orders/", "/account/notifications/"):
        page.goto(base + path)
    assert page.url == f"{base}/account/notifications/"  # signed in, not sent to the login page
    sign_in(page, base, "vanphong@ocop.gov.vn")
    for path in ("/office/", "/office/producers", "/office/certificates", f"/office/certificates/{code}",
                 "/office/audit"):
        page.goto(base + path)
    assert page.url == f"{base}/office/audit"
    assert violations == []
