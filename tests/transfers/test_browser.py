"""In Chromium on a phone (390×844), a consignment transfer from end to end: a producer enters stock and sends
part of it to an OCOP outlet; the outlet's staff receive it one unit short and say why. No page scrolls sideways.

Set SHOTS_DIR to keep a screenshot of each step (for looking at the pages, not for the test).
"""
import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.sellers.models import SellerMember
from tests.accounts.support import PASSWORD, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.support.server import running_shop, shop_environment

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shop(database_url):
    honey = make_product("Mật ong hoa nhãn", stock=0)
    db.session.add(SellerMember(user=make_user("nsx@htx.vn", name="Chị Lan"), seller=honey.seller, role="owner"))
    make_outlet(staff=[make_user("nv@ocop.vn", name="Anh Minh")])
    with running_shop(shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())) as base:
        yield base


def signed_in(browser, base: str, email: str, **options):
    """A phone's page signed in as `email` (`options`: more of Playwright's page options)."""
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True, **options)
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def looked_at(page, name: str) -> None:
    """No sideways scrolling on a phone; a screenshot when SHOTS_DIR asks for one."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=os.path.join(os.environ["SHOTS_DIR"], f"transfer-{name}.png"), full_page=True)


def test_a_producer_sends_stock_and_the_outlet_receives_it_one_short_with_a_note(browser, shop):
    producer = signed_in(browser, shop, "nsx@htx.vn")
    producer.goto(f"{shop}/seller/stock")
    card = producer.locator("#mat-ong-hoa-nhan")
    card.get_by_text("Nhập kho", exact=True).first.click()
    card.get_by_label("Số lượng nhập").fill("12")
    card.get_by_role("button", name="Nhập kho").click()
    expect(producer.get_by_text("Đã nhập kho Mật ong hoa nhãn.")).to_be_visible()
    looked_at(producer, "1-stock")

    producer.locator("#mat-ong-hoa-nhan").get_by_role("link", name="Gửi ra điểm bán").click()
    producer.get_by_label("Điểm bán").select_option(label="Điểm bán OCOP Hồ Gươm")
    producer.locator("#quantity-1").fill("5")
    producer.get_by_label("Ghi chú").fill("Hàng Tết, 5 hũ 500 ml")
    looked_at(producer, "2-new")
    producer.get_by_role("button", name="Lưu phiếu nháp").click()
    expect(producer.locator("h1")).to_have_text(re.compile(r"Phiếu chuyển CK-\d{6}-[A-Z0-9]{6}"))
    number = producer.locator("h1").inner_text().split()[-1]
    producer.get_by_role("button", name="Gửi hàng").click()
    expect(producer.get_by_text("Đã gửi hàng")).to_be_visible()
    looked_at(producer, "3-sent")

    staff = signed_in(browser, shop, "nv@ocop.vn")
    expect(staff.get_by_role("heading", name="Điểm bán OCOP Hồ Gươm", exact=True)).to_be_visible()  # its dashboard
    staff.get_by_role("navigation", name="Các mục của điểm bán").get_by_role("link", name="Phiếu chuyển kho").click()
    looked_at(staff, "4-inbox")
    staff.get_by_role("link", name="Nhận hàng").first.click()
    expect(staff.locator("h1")).to_contain_text(number)
    staff.get_by_label(re.compile("Mật ong hoa nhãn")).fill("4")
    staff.get_by_role("button", name="Nhận hàng").click()
    expect(staff.get_by_text(re.compile("hãy ghi lý do"))).to_be_visible()  # a shortfall needs its reason
    staff.get_by_label("Ghi chú").fill("Vỡ một hũ khi dỡ hàng")
    staff.get_by_role("button", name="Nhận hàng").click()
    expect(staff.get_by_text("thiếu 1").first).to_be_visible()
    looked_at(staff, "5-received")

    db.session.expire_all()
    held = db.session.scalars(select(StockLevel).join(StockLevel.location)).all()
    assert sorted((level.location.kind, level.on_hand) for level in held) == [("sales_point", 4), ("warehouse", 7)]
    loss = db.session.scalars(select(StockMovement).where(StockMovement.reason == "loss")).one()
    assert (loss.delta, loss.note, loss.reference) == (-1, "Vỡ một hũ khi dỡ hàng", number)
