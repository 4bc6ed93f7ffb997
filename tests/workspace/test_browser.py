"""End to end in Chromium: a producer signs up and applies, the office verifies the producer and its
certificate, the producer puts the product on sale, and a shopper finds it."""
import re

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from shop.sellers.models import SellerMember
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.factories import make_product, make_seller
from tests.support.files import PDF
from tests.support.layout import horizontal_overflow, small_controls
from tests.support.server import flask_command, running_shop, shop_environment

PASSWORD = "mật khẩu dài 123"


@pytest.fixture
def shop(database_url, tmp_path):
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    flask_command("users", "create", "--office", "--name", "Văn phòng OCOP", "--password", PASSWORD,
                  "vanphong@ocop.gov.vn", env=env)
    flask_command("search", "reindex", env=env)  # as `make run` does
    with running_shop(env) as base:
        yield base


def log_in(page, base, email):
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def producer_applies(page, base, scan):
    page.goto(f"{base}/account/register")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Email").fill("lan@example.vn")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    page.get_by_role("link", name="Đăng ký bán hàng cho cơ sở sản xuất OCOP").click()
    page.get_by_label("Tên cơ sở").fill("HTX Chè Tân Cương Xanh")
    page.get_by_label("Hợp tác xã (HTX)").check()
    page.get_by_label("Mã số thuế").fill("4600123456")
    page.get_by_label("Tỉnh, thành phố").select_option("Thái Nguyên")
    page.get_by_label("Xã, phường").fill("Tân Cương")
    page.get_by_label("Địa chỉ").fill("Xóm Nam Đồng")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Giấy đăng ký kinh doanh").set_input_files(scan)
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_text("Hồ sơ đang chờ Văn phòng OCOP xác minh")).to_be_visible()


def producer_adds_a_product_and_its_certificate(page, base, scan):
    page.goto(f"{base}/seller/products/new")
    page.get_by_label("Tên sản phẩm").fill("Chè móc câu Tân Cương")
    page.get_by_label("Ngành hàng").select_option(label="Đồ uống")
    page.get_by_label("Giá bán").fill("180000")
    page.get_by_label("Đơn vị bán").fill("gói 200 g")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Cơ sở chưa được Văn phòng OCOP xác minh")).to_be_visible()
    assert page.get_by_role("button", name="Đăng bán").is_disabled()
    page.goto(f"{base}/seller/certificates")
    page.get_by_label("Sản phẩm", exact=True).select_option(label="Chè móc câu Tân Cương")
    page.get_by_label("Số quyết định").fill("1234/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2026-03-01")
    page.get_by_label("Số sao").select_option("4")
    page.get_by_label("Cơ quan công nhận").fill("UBND tỉnh Thái Nguyên")
    page.get_by_label("Bản scan quyết định").set_input_files(scan)
    page.get_by_role("button", name="Gửi để xác minh").click()
    expect(page.get_by_text("Chờ xác minh").first).to_be_visible()


def office_verifies(page, base):
    log_in(page, base, "vanphong@ocop.gov.vn")
    page.goto(f"{base}/office/producers")
    page.get_by_role("link", name="HTX Chè Tân Cương Xanh").click()
    page.get_by_role("button", name="Xác minh cơ sở").click()
    expect(page.get_by_text("Đã xác minh HTX Chè Tân Cương Xanh")).to_be_visible()
    page.goto(f"{base}/office/certificates")
    page.get_by_role("link", name="OCOP-").first.click()
    page.get_by_role("button", name="Xác minh", exact=True).click()
    expect(page.get_by_text("Đã xác minh giấy chứng nhận")).to_be_visible()


@pytest.fixture
def people(browser):
    """A separate browser context (cookies) for the producer, the office and a shopper; closed after."""
    contexts = [browser.new_context() for _ in range(3)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def test_a_producer_signs_up_the_office_verifies_and_the_product_goes_on_sale(shop, people, tmp_path):
    producer, office, shopper = people
    scan = tmp_path / "quyet-dinh.pdf"
    scan.write_bytes(PDF)
    producer_applies(producer, shop, scan)
    producer_adds_a_product_and_its_certificate(producer, shop, scan)
    producer.goto(f"{shop}/products")
    assert "Chè móc câu Tân Cương" not in producer.content()

    office_verifies(office, shop)

    producer.goto(f"{shop}/seller/products")
    producer.get_by_role("button", name="Đăng bán").click()
    expect(producer.get_by_text("Sản phẩm đã được đăng bán")).to_be_visible()

    shopper.goto(f"{shop}/products?q=che moc cau")
    shopper.get_by_role("link", name="Chè móc câu Tân Cương").click()
    expect(shopper.get_by_text("180.000 ₫")).to_be_visible()
    expect(shopper.get_by_text("4 sao OCOP").first).to_be_visible()


@pytest.fixture
def sold_out(database_url, tmp_path):
    """A verified producer's certified, published tea with no units, and its owner's account."""
    seller = make_seller("HTX Chè Tân Cương")
    db.session.add(SellerMember(user=make_user("lan@example.vn", name="Nguyễn Thị Lan"), seller=seller, role="owner"))
    make_product("Chè móc câu", seller=seller, stock=0)
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with running_shop(env) as base:
        yield base


def test_a_producer_stocks_a_sold_out_product_on_a_phone_and_a_shopper_can_buy_it(browser, sold_out):
    phone = {"width": 390, "height": 844}
    producer, shopper = (browser.new_context(viewport=phone).new_page() for _ in range(2))
    shopper.goto(f"{sold_out}/products/che-moc-cau")
    expect(shopper.get_by_text("Tạm hết hàng")).to_be_visible()

    log_in(producer, sold_out, "lan@example.vn")
    producer.goto(f"{sold_out}/seller/stock")
    expect(producer.get_by_text("Hết hàng: cửa hàng đang hiện “Tạm hết hàng”.")).to_be_visible()
    assert producer.evaluate("document.documentElement.scrollWidth") <= phone["width"]
    producer.locator("summary", has_text="Nhập kho").click()
    producer.get_by_label("Số lượng nhập").fill("12")
    producer.get_by_label("Ghi chú (không bắt buộc)").first.fill("Lô tháng 6")
    producer.locator("form[action$='/seller/stock/receive'] button").click()
    expect(producer.get_by_text("Đã nhập kho Chè móc câu.")).to_be_visible()
    expect(producer.locator("dd strong")).to_have_text("12")

    shopper.reload()
    expect(shopper.get_by_text("Còn 12")).to_be_visible()
    shopper.get_by_label("Số lượng").fill("2")
    shopper.get_by_role("button", name="Thêm vào giỏ").click()
    expect(shopper.get_by_role("heading", name="Giỏ hàng")).to_be_visible()
    producer.context.close()
    shopper.context.close()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_a_producer_changes_a_price_keeping_the_groups_and_sees_only_the_chosen_groups_subgroups(
        browser, sold_out, viewport):
    producer = browser.new_context(viewport=viewport).new_page()
    log_in(producer, sold_out, "lan@example.vn")
    producer.goto(f"{sold_out}/seller/products/che-moc-cau")
    group, subgroup = producer.get_by_label("Ngành hàng"), producer.get_by_label("Nhóm sản phẩm")
    expect(group.locator("option:checked")).to_have_text("Thực phẩm")
    assert producer.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    offered = subgroup.locator("option:not([hidden])")
    expect(offered.filter(has_text=re.compile("^Chè$"))).to_have_count(1)
    expect(offered.filter(has_text="Rượu trắng")).to_have_count(0)  # a drink's subgroup, not a food's

    producer.get_by_label("Giá bán").fill("175000")
    producer.get_by_role("button", name="Lưu").click()
    expect(producer.get_by_text("Đã lưu sản phẩm.")).to_be_visible()
    expect(group.locator("option:checked")).to_have_text("Thực phẩm")

    group.select_option(label="Đồ uống")  # the subgroups follow the chosen group
    expect(offered.filter(has_text="Rượu trắng")).to_have_count(1)
    expect(offered.filter(has_text=re.compile("^Chè$"))).to_have_count(0)
    producer.context.close()


def test_a_producer_receives_a_batch_and_counts_it_on_a_phone(browser, sold_out):
    """Receipt with a batch code and its dates, the card's batch line, then a count of that batch with its reason."""
    producer = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    log_in(producer, sold_out, "lan@example.vn")
    producer.goto(f"{sold_out}/seller/stock")
    producer.locator("summary", has_text="Nhập kho").click()
    producer.get_by_label("Số lượng nhập").fill("12")
    producer.get_by_label("Mã lô (không bắt buộc)").fill("L-2606")
    producer.get_by_label("Ngày sản xuất").fill(str(TODAY))
    producer.get_by_label("Hạn sử dụng").fill(str(TODAY.replace(year=TODAY.year + 1)))
    producer.locator("form[action$='/seller/stock/receive'] button").click()
    expect(producer.get_by_text("Đã nhập kho Chè móc câu.")).to_be_visible()
    expect(producer.locator("dt.stock-batch")).to_contain_text("Lô L-2606, hạn sử dụng")
    producer.locator("summary", has_text="Kiểm kê").click()
    producer.get_by_label("Số đếm được").fill("11")
    producer.get_by_label("Lý do chênh lệch (bắt buộc khi khác số trên sổ)").fill("Vỡ 1 hộp")
    producer.locator("form[action$='/seller/stock/count'] button").click()
    expect(producer.get_by_text("Đã ghi số kiểm kê của Chè móc câu: 11.")).to_be_visible()
    expect(producer.locator("dd strong")).to_have_text("11")
    producer.locator("summary", has_text="Kiểm kê").click()
    assert horizontal_overflow(producer) == 0 and small_controls(producer) == []
    producer.screenshot(path="/work/shots/batch-count-390.png", full_page=True)
    producer.context.close()
