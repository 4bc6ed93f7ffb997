"""Signing people in for tests, through the real login form."""
import re

from shop.accounts.services import register_user
from shop.extensions import db

PASSWORD = "mật khẩu dài 123"


def make_user(email="khach@example.vn", *, office=False, name="Khách"):
    user = register_user(email, PASSWORD, name=name, is_office=office)
    db.session.commit()
    return user


def csrf_token(client, path="/account/login"):
    """The CSRF token a form page hands out to this client's session."""
    page = client.get(path)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert found, f"no form on {path} (status {page.status_code})"
    return found.group(1)


def log_in(client, email, password=PASSWORD):
    """POST the login form with its CSRF token, as a browser would."""
    return client.post("/account/login", data={"email": email, "password": password,
                                               "csrf_token": csrf_token(client)})
