"""The search box in a real browser: suggestions while typing, results on Enter."""
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
    box = page.get_by_role("searchbox", name="Tìm sản phẩm OCOP")
    box.press_sequentially("nuoc ma", delay=30)
    suggestion = page.get_by_role("option").first
    suggestion.wait_for()
    assert suggestion.inner_text() == "Nước mắm Phú Quốc"
    box.press("Enter")
    page.wait_for_url("**/products?q=nuoc+ma*")
    assert page.get_by_role("heading", level=1).inner_text() == "Kết quả cho “nuoc ma”"
