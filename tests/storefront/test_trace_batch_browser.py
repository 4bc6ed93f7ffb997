"""In Chromium on a phone (390×844) and a laptop (1280×800): a batch's Digital Link page — its dates and its trail
— fits the screen with full-size targets and no serious axe finding, past its best-before too."""
from datetime import timedelta

import pytest

from tests.conftest import TODAY
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import running_shop, shop_environment
from tests.test_axe import serious_violations
from tests.trace.story import BATCH_PAGE, batch_story

SCREENS = {"phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
           "laptop": {"viewport": {"width": 1280, "height": 800}}}


@pytest.fixture(params=[0, 301], ids=["in-date", "past-best-before"])
def shop(request, database_url, app):
    batch_story()
    today = TODAY + timedelta(days=request.param)
    with running_shop(shop_environment(database_url, SHOP_TODAY=today.isoformat())) as base:
        yield base


@pytest.mark.parametrize("screen", SCREENS)
def test_the_batch_page_fits_the_screen(browser, shop, screen):
    context = browser.new_context(**SCREENS[screen], bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    assert page.goto(shop + BATCH_PAGE).status == 200
    assert page.locator(".trail-steps li").count() == 8
    assert horizontal_overflow(page) <= 0 and small_controls(page) == []
    assert serious_violations(page) == []
    context.close()
