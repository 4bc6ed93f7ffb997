"""The office in Chromium: one office account, and a page signed in to it through the login form."""
from tests.accounts.support import PASSWORD, make_user

OFFICE_EMAIL = "vp@ocop.gov.vn"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


def make_office_user():
    """The office account the pages below sign in as."""
    return make_user(OFFICE_EMAIL, office=True)


def office_page(browser, shop: str, then: str = "/office/", device: dict = PHONE):
    """A new page on `device` (a phone unless said), signed in as the office, which the login sends to `then`."""
    page = browser.new_page(**device)
    page.goto(f"{shop}/account/login?next={then}")
    page.get_by_label("Email").fill(OFFICE_EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page
