"""/01/<gtin>/10/<batch>: a batch's GS1 Digital Link page — the product, its certificate's live status, the batch's
dates and its trail from the ledger; 404s that say why; one canonical address; and /01/<gtin> lists its batches."""
import re
from datetime import timedelta
from html import unescape

import pytest

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory.services import find_or_make_batch, fulfilment_location, receive_stock
from tests.conftest import TODAY
from tests.factories import make_product
from tests.trace.story import BATCH_PAGE, GTIN, batch_story

# GS1 Digital Link URI syntax: AI 01 as 14 digits, then optionally AI 10: 1 to 20 characters of XCHAR, where a
# character of CSET 82 a URI reserves ("%&/<>? and space) is percent-encoded.
GS1_PATH = re.compile(r"^/01/[0-9]{14}(/10/(%[0-9A-F]{2}|[!'()*+,\-.0-9:;=A-Z_a-z]){1,20})?$")


def test_a_batch_page_shows_its_dates_certificate_and_trail_but_no_buyer(client):
    lot, warehouse, outlet, order = batch_story()
    page = client.get(BATCH_PAGE)
    assert page.status_code == 200
    text = page.text
    assert "Chè Tân Cương" in text and "HTX Chè Tân Cương" in text and "Chứng nhận OCOP còn hiệu lực" in text
    assert "Lô L-0626" in text and lot.produced_on.strftime("%d/%m/%Y") in text and "đã quá hạn" not in text
    made, sold = f"{warehouse.name} (Thái Nguyên)", f"{outlet.name} (Hà Nội)"
    assert f"Chuyển từ {made} đến {sold}" in text and f"Đã bán tại quầy {sold}" in text
    assert f"Đã bán trực tuyến, giao từ {made}" in text and f"Trả từ {sold} về {made}" in text
    for private in ("Trần Văn Minh", "0987654321", "12 Hàng Bạc", order.number):
        assert private not in text


def test_a_batch_past_its_best_before_says_so(client, app):
    batch_story()
    app.config["SHOP_TODAY"] = TODAY + timedelta(days=301)
    assert "đã quá hạn" in client.get(BATCH_PAGE).text


def test_the_product_page_lists_its_batches_the_ledger_knows(client):
    lot, *_ = batch_story()
    unused = find_or_make_batch(db.session.get(Product, lot.product_id), "NEVER-USED", TODAY, TODAY + timedelta(days=9))
    assert unused.id  # a batch with no units ever moved: not listed
    db.session.commit()
    text = client.get(f"/01/0{GTIN}").text
    assert f'href="{BATCH_PAGE}"' in text and "NEVER-USED" not in text


@pytest.mark.parametrize(("path", "canonical"), [
    (f"/01/{GTIN}/10/L-0626", BATCH_PAGE),  # 13 digits
    (f"/01/0{GTIN}/10/l-0626", BATCH_PAGE),  # lower case: batch codes are kept in upper case
])
def test_other_spellings_redirect_permanently_to_the_canonical_path(client, path, canonical):
    batch_story()
    answer = client.get(path)
    assert answer.status_code == 301 and answer.location == canonical


@pytest.mark.parametrize(("path", "reason"), [
    (f"/01/0{GTIN}/10/L-9999", "Chè Tân Cương không có lô L-9999"),
    ("/01/08934563138158/10/L-0626", "Không có sản phẩm OCOP nào mang mã GTIN 8934563138158"),
    (f"/01/0{GTIN[:-1]}4/10/L-0626", "chữ số cuối phải là 5"),
    (f"/01/0{GTIN}/10/{'L' * 21}", "1 đến 20 ký tự"),
    (f"/01/0{GTIN}/10/L%200626", "không dấu cách"),
    (f"/01/0{GTIN}/10/L%C3%94", "không dấu cách"),  # "LÔ": not GS1's character set
])
def test_a_batch_not_found_is_a_404_that_says_why(client, path, reason):
    batch_story()
    page = client.get(path)
    assert page.status_code == 404 and reason in page.text


@pytest.mark.parametrize("code", ["L-0626", "A/B", "50%", 'Q"1', "X&Y?", "<1>", "!'()*+,.:;=_"])
def test_every_batch_link_the_shop_prints_keeps_to_gs1s_syntax_and_leads_to_its_page(client, code):
    tea = make_product("Chè Tân Cương", stock=0)
    tea.gtin = GTIN
    lot = find_or_make_batch(tea, code, TODAY, TODAY + timedelta(days=90))
    receive_stock(fulfilment_location(tea), tea, 2, reason="receipt", batch=lot)
    db.session.commit()
    links = [unescape(link) for link in re.findall(r'href="(/01/[^"]*)"', client.get(f"/01/0{GTIN}").text)]
    assert links and all(GS1_PATH.fullmatch(link) for link in links)
    page = client.get(next(link for link in links if "/10/" in link))
    assert page.status_code == 200 and f"Lô {code}" in unescape(page.text)


def test_a_batch_code_from_before_the_ai_10_rule_is_left_out_of_the_list(client):
    """Codes were up to 40 characters with spaces before they kept to AI 10: such a batch has no Digital Link."""
    lot, *_ = batch_story()
    lot.code = "LÔ CŨ TRƯỚC QUY TẮC"
    db.session.commit()
    text = client.get(f"/01/0{GTIN}").text
    assert "/10/" not in text and "Các lô hàng" not in text


def test_the_product_page_shows_its_recent_trail_without_the_buyer(client):
    _lot, warehouse, outlet, order = batch_story()
    text = client.get(f"/01/0{GTIN}").text
    assert "Hành trình của sản phẩm trong 90 ngày qua" in text
    made, sold = f"{warehouse.name} (Thái Nguyên)", f"{outlet.name} (Hà Nội)"
    assert f"Chuyển từ {made} đến {sold}" in text and f"Đã bán tại quầy {sold}" in text
    for private in ("Trần Văn Minh", "0987654321", "12 Hàng Bạc", order.number):
        assert private not in text
