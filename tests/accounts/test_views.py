"""Accounts: register, log in and out, profile, password change and reset, rate limits, CSRF."""
import logging
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape

import pytest

from shop.accounts import services
from shop.accounts.models import User
from shop.extensions import db
from shop.sellers.models import SellerMember
from tests.accounts.support import PASSWORD, csrf_token, log_in, make_user
from tests.factories import make_outlet, make_product


def register(client, **fields):
    data = {"name": "Nguyễn Thị Lan", "email": "lan@example.vn", "phone": "0912 345 678",
            "password": PASSWORD, "confirm": PASSWORD, **fields}
    return client.post("/account/register", data={**data, "csrf_token": csrf_token(client, "/account/register")})


def test_registering_signs_the_person_in_with_a_hashed_password(client):
    response = register(client, email="Lan@Example.VN")
    assert response.status_code == 302 and response.location.endswith("/account/profile")
    user = db.session.query(User).one()
    assert user.email == "lan@example.vn" and user.password_hash != PASSWORD and PASSWORD not in user.password_hash
    assert "lan@example.vn" in client.get("/account/profile").text


@pytest.mark.parametrize("fields, message", [
    ({"email": "not-an-email"}, "Email không hợp lệ"),
    ({"password": "short", "confirm": "short"}, "Mật khẩu cần từ 8 đến 200 ký tự"),
    ({"confirm": "something else"}, "Hai mật khẩu không khớp"),
    ({"phone": "12345"}, "Số điện thoại không hợp lệ"),
    ({"name": ""}, "Vui lòng điền mục này"),
])
def test_registration_explains_what_is_wrong_and_creates_nothing(client, fields, message):
    response = register(client, **fields)
    assert response.status_code == 200 and message in response.text
    assert db.session.query(User).count() == 0


def test_an_email_can_have_one_account(client):
    make_user("lan@example.vn")
    response = register(client, email="LAN@example.vn")
    assert "Email này đã có tài khoản" in response.text and db.session.query(User).count() == 1


def test_login_with_a_wrong_password_says_so_and_a_right_one_goes_to_next(client):
    make_user("lan@example.vn")
    wrong = log_in(client, "lan@example.vn", "wrong password")
    assert wrong.status_code == 200 and "Email hoặc mật khẩu không đúng" in wrong.text
    unknown = log_in(client, "nobody@example.vn")
    assert "Email hoặc mật khẩu không đúng" in unknown.text  # the same answer: no one learns who has an account
    right = client.post("/account/login?next=/account/password", data={
        "email": "lan@example.vn", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert right.status_code == 302 and right.location == "/account/password"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:alert(1)",
                                    "/\\evil.example", "account/profile"])
def test_login_never_redirects_off_the_site(client, target):
    make_user("lan@example.vn")
    response = client.post(f"/account/login?next={target}", data={
        "email": "lan@example.vn", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.location == "/account/profile"


@pytest.mark.parametrize("target", ["/%09/evil.example", "/%0a/evil.example"])
def test_a_next_target_with_a_tab_or_line_break_is_refused_at_the_edge(client, target):
    """Browsers drop them ("/\t/evil" is "//evil"): the input policy answers 400 before the login runs."""
    make_user("lan@example.vn")
    response = client.post(f"/account/login?next={target}", data={
        "email": "lan@example.vn", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.status_code == 400 and response.location is None


def test_remember_me_is_a_lax_http_only_cookie_for_30_days(client):
    make_user("lan@example.vn")
    answer = client.post("/account/login", data={"email": "lan@example.vn", "password": PASSWORD, "remember": "y",
                                                 "csrf_token": csrf_token(client)})
    cookie = next(value for value in answer.headers.getlist("Set-Cookie") if value.startswith("remember_token="))
    attributes = {part.strip().partition("=")[0].lower(): part.strip().partition("=")[2] for part in cookie.split(";")}
    assert attributes["samesite"] == "Lax" and "httponly" in attributes  # Secure: see tests/test_config.py
    lasts = parsedate_to_datetime(attributes["expires"]) - datetime.now(UTC)
    assert timedelta(days=29) < lasts <= timedelta(days=30)


def test_a_deactivated_account_cannot_log_in(client):
    make_user("lan@example.vn").is_active = False
    db.session.commit()
    assert "Email hoặc mật khẩu không đúng" in log_in(client, "lan@example.vn").text


def test_a_form_without_its_csrf_token_is_refused(client):
    make_user("lan@example.vn")
    response = client.post("/account/login", data={"email": "lan@example.vn", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account/profile").status_code == 302  # not signed in


def test_logging_out_ends_the_session(client):
    make_user("lan@example.vn")
    log_in(client, "lan@example.vn")
    assert client.get("/account/profile").status_code == 200
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/account/profile")})
    assert client.get("/account/profile").location.startswith("/account/login?next=")


def test_profile_and_password_change(client):
    make_user("lan@example.vn")
    log_in(client, "lan@example.vn")
    token = csrf_token(client, "/account/profile")
    client.post("/account/profile", data={"name": "Lan Nguyễn", "phone": "", "csrf_token": token})
    assert db.session.query(User).one().name == "Lan Nguyễn"
    wrong = client.post("/account/password", data={"current": "nope", "password": "mới mới mới 1",
                                                   "confirm": "mới mới mới 1", "csrf_token": token})
    assert "Mật khẩu hiện tại không đúng" in wrong.text
    client.post("/account/password", data={"current": PASSWORD, "password": "mới mới mới 1",
                                           "confirm": "mới mới mới 1", "csrf_token": token})
    assert services.authenticate("lan@example.vn", "mới mới mới 1") is not None
    assert services.authenticate("lan@example.vn", PASSWORD) is None


def test_password_reset_by_emailed_link_works_once(client, caplog):
    make_user("lan@example.vn")
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        answer = client.post("/account/reset", data={"email": "lan@example.vn",
                                                     "csrf_token": csrf_token(client, "/account/reset")})
    assert "Hãy kiểm tra hộp thư" in answer.text
    link = re.search(r"http://localhost(/account/reset/\S+)", caplog.text).group(1)
    token = csrf_token(client, link)
    done = client.post(link, data={"password": "mật khẩu mới 2", "confirm": "mật khẩu mới 2", "csrf_token": token})
    assert done.status_code == 302
    assert services.authenticate("lan@example.vn", "mật khẩu mới 2") is not None
    assert client.get(link).status_code == 400  # the password changed: the link is spent


def test_a_reset_request_for_an_unknown_email_looks_the_same_and_sends_nothing(client, caplog):
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        answer = client.post("/account/reset", data={"email": "ghost@example.vn",
                                                     "csrf_token": csrf_token(client, "/account/reset")})
    assert "Hãy kiểm tra hộp thư" in answer.text
    assert "email to" not in caplog.text  # nothing was sent


@pytest.mark.parametrize("token", ["garbage", "eyJpZCI6MX0.forged.signature"])
def test_a_bad_reset_link_gets_a_clear_page(client, token):
    response = client.get(f"/account/reset/{token}")
    assert response.status_code == 400 and "Liên kết không còn hiệu lực" in response.text


def test_an_expired_reset_link_is_refused(client, monkeypatch):
    user = make_user("lan@example.vn")
    token = services.reset_token(user)
    monkeypatch.setattr(services, "RESET_TOKEN_SECONDS", -1)
    assert client.get(f"/account/reset/{token}").status_code == 400


def test_guessing_passwords_for_one_account_is_slowed_down_with_a_clear_429(client):
    make_user("lan@example.vn")
    token = csrf_token(client)
    answers = [client.post("/account/login", data={"email": "lan@example.vn", "password": f"guess {n}",
                                                    "csrf_token": token}).status_code for n in range(6)]
    assert answers == [200] * 5 + [429]
    page = client.post("/account/login", data={"email": "lan@example.vn", "password": PASSWORD, "csrf_token": token})
    assert page.status_code == 429 and "Bạn đã thử quá nhiều lần" in page.text
    assert client.get("/products").status_code == 200  # browsing is never limited


def test_public_pages_stay_cacheable_for_signed_in_people(client, count_queries):
    make_user("lan@example.vn")
    log_in(client, "lan@example.vn")
    client.get("/products")
    with count_queries() as counted:
        assert "Tài khoản" in client.get("/products").text
    assert len(counted.statements) == 0  # served from the page cache although someone is signed in


def test_users_create_makes_the_first_office_user(runner):
    result = runner.invoke(args=["users", "create", "--office", "--password", PASSWORD, "vanphong@ocop.gov.vn"])
    assert result.exit_code == 0, result.output
    assert services.find_user("vanphong@ocop.gov.vn").is_office
    again = runner.invoke(args=["users", "create", "--password", PASSWORD, "vanphong@ocop.gov.vn"])
    assert again.exit_code == 1 and "đã có tài khoản" in again.output
    short = runner.invoke(args=["users", "create", "--password", "x", "other@ocop.gov.vn"])
    assert short.exit_code == 1 and "ít nhất 8" in short.output


def test_changing_the_password_ends_every_other_session(client, app):
    make_user("lan@example.vn")
    other_device = app.test_client()
    log_in(client, "lan@example.vn")
    log_in(other_device, "lan@example.vn")
    client.post("/account/password", data={"current": PASSWORD, "password": "mới mới mới 1",
                                           "confirm": "mới mới mới 1",
                                           "csrf_token": csrf_token(client, "/account/password")})
    assert client.get("/account/profile").status_code == 200
    assert other_device.get("/account/profile").status_code == 302  # signed out there


def test_private_pages_are_never_stored_by_shared_caches(client):
    make_user("lan@example.vn")
    log_in(client, "lan@example.vn")
    assert client.get("/account/profile").headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("phone, kept", [
    ("+84 (912) 345-678", "0912345678"), ("٠٩١٢ ٣٤٥ ٦٧٨", "0912345678"), ("+840912345678", "0912345678"),
    ("0912 345 678 " * 5, None), ("0912 345 67", None), ("1900 1234", None), ("abc", None)])
def test_phone_numbers_are_kept_in_normal_form_and_others_refused(client, phone, kept):
    response = register(client, phone=phone)
    if kept:
        assert response.status_code == 302 and db.session.query(User).one().phone == kept
    else:
        assert "Số điện thoại không hợp lệ" in response.text and db.session.query(User).count() == 0


def test_users_create_can_make_outlet_staff(runner):
    from shop.inventory.models import Location
    db.session.add(Location(kind="sales_point", slug="diem-ban-ocop-ha-noi", name="Điểm bán OCOP Hà Nội",
                            province="Hà Nội"))
    db.session.commit()
    result = runner.invoke(args=["users", "create", "--outlet", "diem-ban-ocop-ha-noi", "--password", PASSWORD,
                                 "nv@ocop.vn"])
    assert result.exit_code == 0 and "staff of Điểm bán OCOP Hà Nội" in result.output
    assert [p.location.slug for p in services.find_user("nv@ocop.vn").outlet_posts] == ["diem-ban-ocop-ha-noi"]
    unknown = runner.invoke(args=["users", "create", "--outlet", "nowhere", "--password", PASSWORD, "x@ocop.vn"])
    assert unknown.exit_code == 2 and "no OCOP outlet" in unknown.output and services.find_user("x@ocop.vn") is None


def test_people_land_where_their_work_is_unless_next_says_otherwise(client, app):
    """The office on /office, a producer's people on /seller, outlet staff on /outlet, a shopper back where they
    were when they chose "Tài khoản" (or on their account)."""
    make_outlet(staff=[make_user("nv@ocop.vn")])
    make_user("vp@ocop.gov.vn", office=True)
    make_user("lan@example.vn")
    product = make_product("Chè Tân Cương")
    db.session.add(SellerMember(user=make_user("sx@htx.vn"), seller=product.seller, role="staff"))
    db.session.commit()
    for email, landing in (("nv@ocop.vn", "/outlet/"), ("vp@ocop.gov.vn", "/office/"), ("sx@htx.vn", "/seller/"),
                           ("lan@example.vn", f"/products/{product.slug}")):
        person = app.test_client()
        header_link = re.search(r'<a href="([^"]+)">Tài khoản</a>', person.get(f"/products/{product.slug}").text)
        login_page = unescape(header_link.group(1))
        signed_in = person.post(login_page, data={"email": email, "password": PASSWORD,
                                                  "csrf_token": csrf_token(person, login_page)})
        assert signed_in.location == landing, email
        account = landing if email != "lan@example.vn" else "/account/profile"
        assert person.get(login_page).location == account, email  # the header's link, once signed in
        assert person.get("/account/").location == account, email
        own_link = re.search(r'<a href="([^"]+)">Tài khoản</a>', person.get("/account/profile").text).group(1)
        assert person.get(unescape(own_link)).location == account, email  # the same link on an account page
        assert log_in(app.test_client(), email).location == account, email  # straight to the login page
    person = app.test_client()
    answer = person.post("/account/login?next=/account/password", data={
        "email": "nv@ocop.vn", "password": PASSWORD, "csrf_token": csrf_token(person)})
    assert answer.location == "/account/password"
