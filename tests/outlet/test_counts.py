"""/outlet/<outlet>/counts: the count sheet lists the units on record, saves what is typed (303), finishes all
or nothing (303 to the count's page), refuses units that moved since (409) and bad input (422) writing nothing;
the history lists the counts and each count's page its lines."""
import re

import pytest
from sqlalchemy import func, select

from shop.counter.services import find_on_shelf, sell
from shop.counts.models import StockCount, StockCountLine
from shop.extensions import db
from shop.inventory.models import StockMovement
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.outlet.test_transfers import post
from tests.transfers.test_services import ledger, on_hand

COUNTS = "/outlet/diem-ban-ho-guom/counts"


@pytest.fixture
def shelf(staff):
    tea = make_product("Chè Tân Cương", stock=0)
    sauce = make_product("Nước mắm Phú Quốc", stock=0)
    outlet = make_outlet(staff=[staff], stock=[(tea, 5), (sauce, 3)])
    return outlet, tea, sauce


def written() -> tuple[int, int, int]:
    """(counts, their lines, count rows in the ledger)."""
    return tuple(db.session.scalar(select(func.count()).select_from(table).where(*where)) for table, where in (
        (StockCount, ()), (StockCountLine, ()), (StockMovement, (StockMovement.reason == "count",))))


def box(page: str, slug: str) -> str:
    return re.search(rf'<input name="counted-{slug}"[^>]*>', page).group(0)


def test_the_sheet_lists_each_line_with_the_units_on_record(client, shelf):
    page = client.get(f"{COUNTS}/sheet").text
    assert 'name="expected-che-tan-cuong" value="5"' in page and 'name="expected-nuoc-mam-phu-quoc" value="3"' in page
    assert 'value=""' in box(page, "che-tan-cuong")
    assert 'name="finish" value="1"' in page and 'name="note"' in page


def test_saving_part_way_keeps_the_units_typed_and_moves_none(client, shelf, staff):
    outlet, tea, _sauce = shelf
    answer = post(client, COUNTS, **{"counted-che-tan-cuong": "4", "expected-che-tan-cuong": "5",
                                     "counted-nuoc-mam-phu-quoc": "", "expected-nuoc-mam-phu-quoc": "3"})
    assert answer.status_code == 303 and answer.location == f"{COUNTS}/sheet"
    page = client.get(answer.location).text
    assert 'value="4"' in box(page, "che-tan-cuong") and 'value=""' in box(page, "nuoc-mam-phu-quoc")
    assert "Phiếu đang đếm" in page and "Nhân viên" in page
    assert written() == (1, 1, 0) and on_hand(tea, outlet) == 5


def test_finishing_writes_each_difference_with_the_note_and_shows_the_count(client, shelf):
    outlet, tea, sauce = shelf
    post(client, COUNTS, **{"counted-che-tan-cuong": "4", "expected-che-tan-cuong": "5"})
    answer = post(client, COUNTS, **{"counted-nuoc-mam-phu-quoc": "3", "expected-nuoc-mam-phu-quoc": "3",
                                     "note": "Vỡ một hộp", "finish": "1"})
    assert answer.status_code == 303
    assert re.fullmatch(rf"{COUNTS}/\d+", answer.location)
    assert (on_hand(tea, outlet), on_hand(sauce, outlet)) == (4, 3) and ledger(tea, outlet)[-1] == (-1, "count")
    page = client.get(answer.location).text
    assert "Đã chốt" in page and "Vỡ một hộp" in page and "Nhân viên" in page
    tea_line = re.search(r'<tr class="count-line">(?:(?!</tr>).)*Chè Tân Cương.*?</tr>', page, re.S).group(0)
    assert all(f'>{cell}<' in tea_line for cell in ("5", "4", "-1"))
    history = client.get(COUNTS).text
    assert answer.location in history and "Đã chốt" in history and "Bắt đầu kiểm kê" in history


def test_a_sale_since_the_sheet_was_shown_refuses_the_line_409_and_writes_nothing(client, shelf):
    outlet, tea, _sauce = shelf
    sell(outlet, [(find_on_shelf(outlet, tea.slug), 1, None)], payment="cash", user_id=None, today=TODAY)
    db.session.commit()
    answer = post(client, COUNTS, **{"counted-che-tan-cuong": "5", "expected-che-tan-cuong": "5", "note": "x",
                                     "finish": "1"})
    assert answer.status_code == 409
    assert "Chè Tân Cương: tồn kho đã thay đổi từ lúc bạn mở phiếu (trên sổ nay là 4" in answer.text
    assert 'value=""' in box(answer.text, "che-tan-cuong")  # not kept as typed: it has to be counted again
    assert 'name="expected-che-tan-cuong" value="4"' in answer.text
    assert written() == (0, 0, 0) and on_hand(tea, outlet) == 4


def test_a_sale_after_a_line_was_saved_refuses_finishing_409_and_flags_the_line(client, shelf):
    outlet, tea, sauce = shelf
    post(client, COUNTS, **{"counted-che-tan-cuong": "4", "expected-che-tan-cuong": "5",
                            "counted-nuoc-mam-phu-quoc": "2", "expected-nuoc-mam-phu-quoc": "3", "note": "Hao hụt"})
    sell(outlet, [(find_on_shelf(outlet, tea.slug), 1, None)], payment="cash", user_id=None, today=TODAY)
    db.session.commit()
    answer = post(client, COUNTS, finish="1", note="Hao hụt")
    assert answer.status_code == 409 and "Chè Tân Cương: Tồn kho đã thay đổi" in answer.text
    assert "Đã đếm 4 khi trên sổ là 5" in answer.text
    assert (on_hand(tea, outlet), on_hand(sauce, outlet)) == (4, 3) and written() == (1, 2, 0)
    assert db.session.scalar(select(StockCount.state)) == "open"


@pytest.mark.parametrize("fields, words", [
    ({"counted-che-tan-cuong": "bốn", "expected-che-tan-cuong": "5"}, "Số lượng phải là số nguyên không âm."),
    ({"counted-che-tan-cuong": "-1", "expected-che-tan-cuong": "5"}, "Số lượng phải là số nguyên không âm."),
    ({"counted-che-tan-cuong": "4"}, "Phiếu kiểm kê đã cũ"),
    ({"counted-che-tan-cuong": "4", "expected-che-tan-cuong": "5", "finish": "1"}, "hãy ghi lý do vào ghi chú"),
    ({"finish": "1"}, "Chưa đếm sản phẩm nào"),
    ({"counted-che-tan-cuong": "4", "expected-che-tan-cuong": "5", "note": "x" * 301}, "300 ký tự"),
])
def test_bad_input_answers_422_and_writes_nothing(client, shelf, fields, words):
    outlet, tea, _sauce = shelf
    answer = post(client, COUNTS, **fields)
    assert answer.status_code == 422 and words in answer.text
    assert written() == (0, 0, 0) and on_hand(tea, outlet) == 5


def test_another_outlets_counts_are_not_found(client, shelf):
    _outlet, tea, _sauce = shelf
    other = make_outlet("Điểm bán B", slug="diem-ban-b", stock=[(tea, 1)])
    post(client, COUNTS, **{"counted-che-tan-cuong": "5", "expected-che-tan-cuong": "5"})
    count_id = db.session.scalar(select(StockCount.id))
    assert client.get(f"/outlet/{other.slug}/counts").status_code == 404
    assert client.get(f"/outlet/diem-ban-ho-guom/counts/{count_id + 1}").status_code == 404
    assert client.get(f"/outlet/diem-ban-ho-guom/counts/{count_id}").status_code == 200
