"""The demo shop (`flask seed-demo --accounts`) served for a module of browser checks, and the pages a shopper,
a producer and outlet staff see in it, each opened in the state worth looking at."""
import re
from contextlib import contextmanager
from dataclasses import dataclass

from playwright.sync_api import expect

from shop.demo import DEMO_EMAILS
from tests.conftest import new_database
from tests.support.server import flask_command, running_shop, shop_environment

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}


@dataclass
class DemoShop:
    base: str
    password: str


@contextmanager
def demo_shop(folder):
    """A migrated database with the demo data and accounts, served by gunicorn; yields its address and password."""
    with new_database(folder) as url:
        env = shop_environment(url, SEARCH_INDEX_DIR=str(folder / "search-index"))
        flask_command("db", "upgrade", env=env)
        said = flask_command("seed-demo", "--accounts", env=env).stdout
        flask_command("search", "reindex", env=env)
        with running_shop(env) as base:
            yield DemoShop(base, re.search(r"password: (\S+)\)", said).group(1))


def _log_in(page, shop: DemoShop, who: str):
    """Sign the demo account `who` (producer, outlet) in through the login form."""
    page.goto(f"{shop.base}/account/login")
    page.locator("#email").fill(DEMO_EMAILS[who])
    page.locator("#password").fill(shop.password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _first_product(page, shop: DemoShop) -> str:
    page.goto(f"{shop.base}/products?sort=price_desc")
    return page.locator(".card-link").first.get_attribute("href")


def _search_open(page, shop: DemoShop):
    page.goto(shop.base)
    page.locator("#q").press_sequentially("nuoc", delay=20)
    page.get_by_role("option").first.wait_for()


def _cart(page, shop: DemoShop, path: str = "/cart"):
    page.goto(shop.base + _first_product(page, shop))
    page.locator(".add-to-cart button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(shop.base + path)


def _listing(page, shop: DemoShop):
    page.goto(f"{shop.base}/products?stars=4&sort=price_asc")
    page.locator(".chip").first.wait_for()


def _seller_edit(page, shop: DemoShop):
    page.goto(f"{shop.base}/seller/products")
    page.locator("main a[href^='/seller/products/']:not([href$='/new'])").first.click()
    expect(page.locator("main form")).not_to_have_count(0)


def _outlet(page, shop: DemoShop, then: str = ""):
    """The demo staff member's outlet: its dashboard, where they land, or the page `then` under it."""
    page.goto(f"{shop.base}/outlet")
    assert re.search(r"/outlet/[^/]+$", page.url), page.url  # staff land on their outlet's dashboard
    if then:
        page.goto(page.url + then)


# Each page worth checking, by name: who looks at it (a shopper, or a demo account), and how to reach it in the
# state they see it.
PAGES = {
    "home": ("shopper", lambda page, shop: page.goto(shop.base)),
    "listing": ("shopper", _listing),
    "product": ("shopper", lambda page, shop: page.goto(shop.base + _first_product(page, shop))),
    "search": ("shopper", _search_open),
    "cart": ("shopper", _cart),
    "checkout": ("shopper", lambda page, shop: _cart(page, shop, "/checkout")),
    "seller-new": ("producer", lambda page, shop: page.goto(f"{shop.base}/seller/products/new")),
    "seller-edit": ("producer", _seller_edit),
    "outlet-stock": ("outlet", lambda page, shop: _outlet(page, shop, "/stock")),
    "outlet-dashboard": ("outlet", _outlet),
    "outlet-count-sheet": ("outlet", lambda page, shop: _outlet(page, shop, "/counts/sheet")),
}


class Visitors:
    """A browser context per device and visitor, each demo account signed in once (the login limit counts)."""

    def __init__(self, browser, shop: DemoShop, **options):
        self.browser, self.shop, self.options, self.contexts = browser, shop, options, {}

    def visit(self, name: str, device: str):
        """A new page showing the page `name` on `device` (phone or desktop)."""
        who, reach = PAGES[name]
        if (device, who) not in self.contexts:
            self.contexts[device, who] = self.browser.new_context(**DEVICES[device], **self.options)
            if who != "shopper":
                signing_in = self.contexts[device, who].new_page()
                _log_in(signing_in, self.shop, who)
                signing_in.close()
        page = self.contexts[device, who].new_page()
        reach(page, self.shop)
        return page

    def close(self):
        """Close every context opened."""
        for context in self.contexts.values():
            context.close()


@contextmanager
def visiting(browser, folder, **options):
    """Visitors of a demo shop served for as long as the block lasts (a module's checks share one); `options` go to
    each browser context."""
    with demo_shop(folder) as shop:
        visitors = Visitors(browser, shop, **options)
        try:
            yield visitors
        finally:
            visitors.close()
