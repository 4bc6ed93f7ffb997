"""Signing in through the login form in Chromium, as a person would, before a browser test goes on."""
from tests.accounts.support import PASSWORD


def sign_in(page, base: str, email: str) -> None:
    """Log `email` in on `page` and wait until the shop has let them in (a goto straight after the click could
    cancel the login under load)."""
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/account/login" not in url)
