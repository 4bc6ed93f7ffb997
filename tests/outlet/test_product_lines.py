"""Outlet screens show one line per product with its batches beneath: the stock room, the return form, the
dashboard's minimums and the till's shelf."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.inventory.services import find_or_make_batch, receive_stock, set_minimum
from shop.transfers.models import TransferLine
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.outlet.test_transfers import post

HOME = "/outlet/diem-ban-ho-guom"


@pytest.fixture
def tea_in_batches(staff):
    """A tea held at the outlet in two batches, one past its best-before (3 units), one in date (4), and 2 units
    of no batch: (tea, outlet)."""
    tea = make_product("Chè Tân Cương", stock=0)
    outlet = make_outlet(staff=[staff], stock=[(tea, 2)])
    for code, days, units in (("L-CU", -3, 3), ("L-MOI", 60, 4)):
        lot = find_or_make_batch(tea, code, TODAY - timedelta(days=90), TODAY + timedelta(days=days))
        receive_stock(outlet, tea, units, reason="receipt", batch=lot)
    db.session.commit()
    return tea, outlet


def product_row(page: str, name: str) -> str:
    rows = re.findall(r"<tr class=\"line-[a-z_]+\">.*?</tr>", page, re.S)
    mine = [row for row in rows if name in row]
    assert len(mine) == 1, f"{name} on {len(mine)} lines"
    return mine[0]


def units_left(tea, outlet) -> dict:
    levels = db.session.scalars(select(StockLevel).where(StockLevel.product_id == tea.id,
                                                         StockLevel.location_id == outlet.id))
    return {level.batch.code if level.batch else None: level.on_hand for level in levels}


def test_the_stock_room_shows_a_product_once_with_its_batches_under_it(client, tea_in_batches):
    tea, outlet = tea_in_batches
    line = product_row(client.get(f"{HOME}/stock").text, "Chè Tân Cương")
    batches = re.findall(r"<li>(.*?)</li>", line.split('class="batch-lines"')[1].split("</ul>")[0], re.S)
    past, fresh = (TODAY - timedelta(days=3)).strftime("%d/%m/%Y"), (TODAY + timedelta(days=60)).strftime("%d/%m/%Y")
    assert [re.sub(r"<[^>]+>", "", batch) for batch in batches] == [
        f"Lô L-CU, hạn sử dụng {past} — đã quá hạn: 3", f"Lô L-MOI, hạn sử dụng {fresh}: 4", "Hàng không ghi lô: 2"]
    assert '<strong class="past-best-before">đã quá hạn</strong>' in batches[0]
    assert re.search(r'data-label="Tồn kho">9<', line) and "Số lượng trả (tối đa 9)" in line
    assert line.count('name="price_vnd"') == 1 and line.count('name="minimum"') == 1


def test_a_price_and_a_minimum_set_on_the_line_hold_for_every_batch(client, tea_in_batches):
    tea, outlet = tea_in_batches
    post(client, f"{HOME}/stock/price", product=tea.slug, price_vnd="99000")
    post(client, f"{HOME}/stock/minimum", product=tea.slug, minimum="12")
    levels = db.session.scalars(select(StockLevel).where(StockLevel.location_id == outlet.id)).all()
    assert len(levels) == 3 and {(level.price_vnd, level.minimum) for level in levels} == {(99_000, 12)}
    line = product_row(client.get(f"{HOME}/stock").text, "Chè Tân Cương")
    assert 'value="99000"' in line and 'value="12"' in line and "Dưới mức tối thiểu" in line
    assert f"product={tea.slug}&amp;quantity=3" in line  # 9 in all, 3 short of 12


def test_a_return_draws_the_batch_past_its_best_before_first_or_the_batch_chosen(client, tea_in_batches):
    tea, outlet = tea_in_batches
    line = product_row(client.get(f"{HOME}/stock").text, "Chè Tân Cương")
    assert re.findall(r'<option value="([^"]*)"', line) == ["", "L-CU", "L-MOI"]
    assert post(client, f"{HOME}/returns", product=tea.slug, quantity="4", note="hết hạn").status_code == 303
    assert units_left(tea, outlet) == {"L-CU": 0, "L-MOI": 3, None: 2}
    answer = post(client, f"{HOME}/returns", product=tea.slug, quantity="2", note="móp hộp", batch="l-moi")
    assert answer.status_code == 303
    assert units_left(tea, outlet) == {"L-CU": 0, "L-MOI": 1, None: 2}
    sent = db.session.execute(select(TransferLine.quantity, TransferLine.batch_id).order_by(TransferLine.id)).all()
    assert [units for units, _ in sent] == [3, 1, 2] and sent[-1][1] == sent[1][1]


def test_a_return_naming_a_batch_the_product_lacks_or_one_too_small_writes_nothing(client, tea_in_batches):
    tea, outlet = tea_in_batches
    answer = post(client, f"{HOME}/returns", product=tea.slug, quantity="1", note="lý do", batch="L-KHAC")
    assert answer.status_code == 422 and "Không có lô L-KHAC của sản phẩm này." in answer.text
    for hostile in ("L\x00", "L" * 5000, "' OR 1=1 --"):
        assert post(client, f"{HOME}/returns", product=tea.slug, quantity="1", note="lý do",
                    batch=hostile).status_code in (400, 422), hostile[:10]
    answer = post(client, f"{HOME}/returns", product=tea.slug, quantity="5", note="lý do", batch="L-MOI")
    assert answer.status_code == 409
    assert re.search(r'<option value="L-MOI" selected>', answer.text)  # the refused form is shown as posted
    assert units_left(tea, outlet) == {"L-CU": 3, "L-MOI": 4, None: 2}


def test_the_dashboard_judges_a_minimum_on_the_product_total(client, tea_in_batches):
    tea, outlet = tea_in_batches
    set_minimum(outlet, tea, 5)  # each level alone is below 5; the 9 in all are not
    db.session.commit()
    assert "Không có sản phẩm nào dưới mức tối thiểu." in client.get(HOME).text
    set_minimum(outlet, tea, 11)
    db.session.commit()
    low = re.findall(r'<li class="low-line">.*?</li>', client.get(HOME).text, re.S)
    assert len(low) == 1 and "còn 9, tối thiểu 11" in low[0] and "Đề nghị cấp thêm 2" in low[0]


def test_the_till_lists_a_product_in_batches_once(client, tea_in_batches):
    shelf = client.get(f"{HOME}/sales/new").text.split('class="table till-shelf"')[1]
    assert shelf.count("<tr>") == 2  # the heading and the tea
    assert re.search(r'data-label="Tồn kho">9<', shelf)
