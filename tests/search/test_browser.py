"""The search box in a real browser: suggestions while typing, readable and tap-sized, chosen by keyboard."""
import pytest

from tests.conftest import TODAY
from tests.factories import make_product, make_seller
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def shop_url(database_url, app):
    make_product("Nước mắm Phú Quốc", seller=make_seller("Công ty Khải Hoàn", province="An Giang",
                                                         owner_type="enterprise"))
    make_product("Chè Tân Cương")
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=app.config["SEARCH_INDEX_DIR"])
    with running_shop(env) as base:
        yield base


@pytest.mark.whoosh_only  # the server is configured from the environment: Whoosh
def test_typing_offers_suggestions_and_enter_shows_results(page, shop_url):
    page.goto(shop_url)
    box = page.get_by_role("combobox", name="Tìm sản phẩm OCOP")
    box.press_sequentially("nuoc ma", delay=30)
    suggestion = page.get_by_role("option").first
    suggestion.wait_for()
    assert suggestion.inner_text() == "Nước mắm Phú Quốc"
    box.press("Enter")
    page.wait_for_url("**/products?q=nuoc+ma*")
    assert page.get_by_role("heading", level=1).inner_text() == "Kết quả cho “nuoc ma”"


@pytest.mark.whoosh_only
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_suggestions_are_readable_tap_sized_and_chosen_with_the_arrow_keys(browser, shop_url, viewport):
    """Issue 15: the names were white on white (the header's link colour won), too small to tap, mouse-only."""
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(shop_url)
    box = page.get_by_role("combobox", name="Tìm sản phẩm OCOP")
    box.press_sequentially("nuoc", delay=30)
    page.get_by_role("option").first.wait_for()
    link = page.locator("#q-suggestions a").first
    colour, background, height = link.evaluate(
        "a => [getComputedStyle(a).color, getComputedStyle(a).backgroundColor, a.getBoundingClientRect().height]")
    assert colour != background and colour != "rgb(255, 255, 255)"
    assert height >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    chosen = page.locator("#q-suggestions [aria-selected=true]")
    assert box.get_attribute("aria-activedescendant") == chosen.get_attribute("id") == "q-option-0"
    box.press("ArrowDown")
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == "q-option-0"
    name = chosen.inner_text()
    box.press("Enter")
    page.wait_for_url("**/products/nuoc-mam-**")
    assert page.get_by_role("heading", level=1).inner_text() == name
