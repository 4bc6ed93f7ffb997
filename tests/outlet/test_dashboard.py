"""/outlet/<outlet>: today's sales (count and total), the lines below their minimum with a request ready, the
transfers on their way in, the open count; the stock room sets the minimum (303, bad input 422)."""
from datetime import date

import pytest
from sqlalchemy import select

from shop.counter.services import find_on_shelf, sell, void_sale
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.transfers.services import create_transfer, send_transfer
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.outlet.test_transfers import post

HOME = "/outlet/diem-ban-ho-guom"


@pytest.fixture
def shelf(staff):
    tea = make_product("Chè Tân Cương", stock=10, price_vnd=150_000)
    honey = make_product("Mật ong hết hạn", stock=0, decision_date=date(2022, 1, 1))
    outlet = make_outlet(staff=[staff], stock=[(tea, 5), (honey, 1)])
    return outlet, tea, honey


def minimum(outlet, product):
    db.session.expire_all()
    return db.session.scalar(select(StockLevel.minimum).where(StockLevel.location_id == outlet.id,
                                                              StockLevel.product_id == product.id))


def test_the_dashboard_counts_todays_sales_that_stand(client, shelf):
    outlet, tea, _honey = shelf
    line = find_on_shelf(outlet, tea.slug)
    sell(outlet, [(line, 2, None)], payment="cash", user_id=None, today=TODAY)
    voided = sell(outlet, [(line, 1, None)], payment="cash", user_id=None, today=TODAY)
    void_sale(voided, reason="Nhầm", user_id=None)
    sell(outlet, [(line, 1, None)], payment="cash", user_id=None, today=date(2026, 6, 14))  # yesterday
    db.session.commit()
    page = client.get(HOME).text
    assert "1 biên lai · <strong>300.000" in page


def test_a_line_below_its_minimum_proposes_a_request_topping_it_up(client, shelf):
    outlet, tea, honey = shelf
    assert post(client, f"{HOME}/stock/minimum", product=tea.slug, minimum="8").status_code == 303
    post(client, f"{HOME}/stock/minimum", product=honey.slug, minimum="3")
    assert minimum(outlet, tea) == 8
    page = client.get(HOME).text
    link = f'href="{HOME}/requests/new?product=che-tan-cuong&amp;quantity=3"'
    assert "còn 5, tối thiểu 8" in page and link in page and "Đề nghị cấp thêm 3" in page
    assert "Mật ong hết hạn" in page and "không đề nghị thêm được" in page  # lapsed: no request offered
    assert "Dưới mức tối thiểu" in client.get(f"{HOME}/stock").text
    form = client.get(f"{HOME}/requests/new?product=che-tan-cuong&quantity=3").text
    assert 'name="quantity" type="number" inputmode="numeric" min="1" value="3"' in form


def test_no_prompt_at_or_above_the_minimum_and_none_once_cleared(client, shelf):
    outlet, tea, _honey = shelf
    post(client, f"{HOME}/stock/minimum", product=tea.slug, minimum="5")
    assert "Không có sản phẩm nào dưới mức tối thiểu." in client.get(HOME).text
    post(client, f"{HOME}/stock/minimum", product=tea.slug, minimum="")
    assert minimum(outlet, tea) is None


@pytest.mark.parametrize("fields", [{"minimum": "0"}, {"minimum": "năm"}, {"minimum": "-2"}, {"minimum": "1" * 9},
                                    {"product": "khong-co", "minimum": "3"}])
def test_a_bad_minimum_answers_422_and_keeps_the_old_one(client, shelf, fields):
    outlet, tea, _honey = shelf
    post(client, f"{HOME}/stock/minimum", product=tea.slug, minimum="4")
    answer = post(client, f"{HOME}/stock/minimum", **{"product": tea.slug, **fields})
    assert answer.status_code == 422 and minimum(outlet, tea) == 4


def test_the_dashboard_lists_transfers_on_their_way_in_and_the_open_count(client, shelf):
    outlet, tea, _honey = shelf
    transfer = create_transfer(tea.seller, outlet, [(tea, 2)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    db.session.commit()
    page = client.get(HOME).text
    assert f'href="/outlet/transfers/{transfer.number}"' in page and tea.seller.name in page
    assert "Bắt đầu kiểm kê" in page
    post(client, f"{HOME}/counts", **{"counted-che-tan-cuong": "5", "expected-che-tan-cuong": "5"})
    assert "Phiếu kiểm kê đang mở: đã đếm 1 sản phẩm." in client.get(HOME).text


def test_an_empty_day_says_so(client, shelf):
    page = client.get(HOME).text
    assert "0 biên lai" in page and "Không có phiếu chuyển kho nào đang về." in page
    assert "Không có sản phẩm nào dưới mức tối thiểu." in page
