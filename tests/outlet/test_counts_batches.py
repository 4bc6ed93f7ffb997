"""An outlet counts a product held in batches batch by batch: the sheet has a line per batch (its code, its
best-before, "đã quá hạn" past it) and one for the product's units of no batch; finishing writes each difference
to its own batch's ledger row; a sale drawing from a batch since the sheet was shown refuses that line. A product
with no batches keeps its one line. Pull alerts name the units they are about."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.counter.services import find_on_shelf, sell
from shop.counts.models import StockCount, StockCountLine
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import find_or_make_batch, receive_stock
from shop.transfers.models import PullAlert
from shop.transfers.pull_alerts import review_best_before
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.outlet.test_counts import COUNTS, box, written
from tests.outlet.test_transfers import post

ALERTS = "/outlet/diem-ban-ho-guom/alerts"


@pytest.fixture
def batches(staff):
    """Tea (5 units, no batch) and honey: 1 unit of no batch, 2 of L-OLD (past its best-before yesterday) and 4 of
    L-NEW (good for 90 days more), at the staff's outlet."""
    tea = make_product("Chè Tân Cương", stock=0)
    honey = make_product("Mật ong", stock=0)
    outlet = make_outlet(staff=[staff], stock=[(tea, 5), (honey, 1)])
    old = find_or_make_batch(honey, "L-OLD", TODAY - timedelta(days=200), TODAY - timedelta(days=1))
    new = find_or_make_batch(honey, "L-NEW", TODAY - timedelta(days=10), TODAY + timedelta(days=90))
    receive_stock(outlet, honey, 2, reason="receipt", batch=old)
    receive_stock(outlet, honey, 4, reason="receipt", batch=new)
    db.session.commit()
    return outlet, tea, honey, old, new


def units(outlet, honey) -> dict:
    """{batch code or None: on hand} of the honey at the outlet."""
    db.session.expire_all()
    return {level.batch.code if level.batch else None: level.on_hand for level in db.session.scalars(
        select(StockLevel).where(StockLevel.location_id == outlet.id, StockLevel.product_id == honey.id))}


def batch_rows(outlet, honey) -> list[tuple]:
    """(batch code or None, delta, note) of the honey's count rows in the outlet's ledger."""
    return [(movement.batch.code if movement.batch else None, movement.delta, movement.note)
            for movement in db.session.scalars(select(StockMovement).where(
                StockMovement.location_id == outlet.id, StockMovement.product_id == honey.id,
                StockMovement.reason == "count").order_by(StockMovement.id))]


def test_the_sheet_has_a_line_per_batch_and_one_for_the_units_of_no_batch(client, batches):
    _outlet, _tea, _honey, old, new = batches
    page = client.get(f"{COUNTS}/sheet").text
    assert 'name="expected-che-tan-cuong" value="5"' in page  # no batches: one line, as ever
    assert f'name="expected-mat-ong.{old.id}" value="2"' in page
    assert f'name="expected-mat-ong.{new.id}" value="4"' in page
    assert 'name="expected-mat-ong" value="1"' in page and "Hàng không ghi lô" in page
    rows = re.findall(r'<tr class="count-row.*?</tr>', page, re.S)
    old_row = next(row for row in rows if "L-OLD" in row)
    day = (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Lô L-OLD, hạn sử dụng {day}" in old_row and "đã quá hạn" in old_row
    assert "đã quá hạn" not in next(row for row in rows if "L-NEW" in row)
    honey_rows = [row for row in rows if "Mật ong" in row]  # earliest best-before first, no batch last
    assert ["L-OLD" in honey_rows[0], "L-NEW" in honey_rows[1], "Hàng không ghi lô" in honey_rows[2]] == [True] * 3
    assert 'aria-label="Số đếm được của Mật ong, lô L-NEW"' in page


def test_an_empty_no_batch_line_of_a_batched_product_is_not_listed(client, staff):
    honey = make_product("Mật ong", stock=0)
    outlet = make_outlet(staff=[staff])
    receive_stock(outlet, honey, 3, reason="receipt",
                  batch=find_or_make_batch(honey, "L-1", TODAY - timedelta(days=5), TODAY + timedelta(days=60)))
    db.session.commit()
    page = client.get(f"{COUNTS}/sheet").text
    assert 'name="expected-mat-ong"' not in page and "Hàng không ghi lô" not in page and "L-1" in page


def test_finishing_writes_each_batchs_difference_to_its_own_ledger_row(client, batches):
    outlet, tea, honey, old, new = batches
    post(client, COUNTS, **{f"counted-mat-ong.{old.id}": "0", f"expected-mat-ong.{old.id}": "2",
                            "counted-che-tan-cuong": "5", "expected-che-tan-cuong": "5"})
    answer = post(client, COUNTS, **{f"counted-mat-ong.{new.id}": "5", f"expected-mat-ong.{new.id}": "4",
                                     "counted-mat-ong": "1", "expected-mat-ong": "1", "note": "Lô cũ đã huỷ",
                                     "finish": "1"})
    assert answer.status_code == 303
    assert units(outlet, honey) == {None: 1, "L-OLD": 0, "L-NEW": 5}
    assert batch_rows(outlet, honey) == [("L-OLD", -2, "Lô cũ đã huỷ"), ("L-NEW", 1, "Lô cũ đã huỷ")]
    assert batch_rows(outlet, tea) == []  # counted right: nothing written
    lines = db.session.scalars(select(StockCountLine)).all()
    assert {(line.product.name, line.batch.code if line.batch else None) for line in lines} == {
        ("Mật ong", "L-OLD"), ("Chè Tân Cương", None), ("Mật ong", "L-NEW"), ("Mật ong", None)}
    page = client.get(answer.location).text
    old_line = re.search(r'<tr class="count-line">(?:(?!</tr>).)*L-OLD.*?</tr>', page, re.S).group(0)
    assert "Mật ong" in old_line and all(f">{cell}<" in old_line for cell in ("2", "0", "-2"))
    assert page.count("Hàng không ghi lô") == 1  # the honey's units of no batch; the tea has no batches


def test_a_sale_from_a_batch_since_the_sheet_was_shown_refuses_that_line_409(client, batches):
    outlet, _tea, honey, old, new = batches
    sell(outlet, [(find_on_shelf(outlet, honey.slug), 1, None)], payment="cash", user_id=None, today=TODAY)
    db.session.commit()  # L-OLD is past its best-before: the sale drew from L-NEW
    assert units(outlet, honey) == {None: 1, "L-OLD": 2, "L-NEW": 3}
    answer = post(client, COUNTS, **{f"counted-mat-ong.{new.id}": "4", f"expected-mat-ong.{new.id}": "4",
                                     f"counted-mat-ong.{old.id}": "1", f"expected-mat-ong.{old.id}": "2",
                                     "note": "x", "finish": "1"})
    assert answer.status_code == 409
    assert "Mật ong, lô L-NEW: tồn kho đã thay đổi từ lúc bạn mở phiếu (trên sổ nay là 3" in answer.text
    assert f'name="expected-mat-ong.{new.id}" value="3"' in answer.text
    assert 'value=""' in box(answer.text, rf"mat-ong\.{new.id}")
    assert written() == (0, 0, 0) and units(outlet, honey) == {None: 1, "L-OLD": 2, "L-NEW": 3}


def test_a_sale_after_a_batch_line_was_saved_refuses_finishing_and_flags_only_that_line(client, batches):
    outlet, _tea, honey, old, new = batches
    post(client, COUNTS, **{f"counted-mat-ong.{new.id}": "4", f"expected-mat-ong.{new.id}": "4",
                            f"counted-mat-ong.{old.id}": "1", f"expected-mat-ong.{old.id}": "2", "note": "Vỡ"})
    sell(outlet, [(find_on_shelf(outlet, honey.slug), 1, None)], payment="cash", user_id=None, today=TODAY)
    db.session.commit()
    answer = post(client, COUNTS, finish="1", note="Vỡ")
    assert answer.status_code == 409 and "Mật ong, lô L-NEW: Tồn kho đã thay đổi" in answer.text
    stale = re.findall(r'<tr class="count-row count-stale".*?</tr>', answer.text, re.S)
    assert len(stale) == 1 and "L-NEW" in stale[0] and "Đã đếm 4 khi trên sổ là 4" in stale[0]
    assert units(outlet, honey) == {None: 1, "L-OLD": 2, "L-NEW": 3} and batch_rows(outlet, honey) == []
    assert db.session.scalar(select(StockCount.state)) == "open"


def test_a_best_before_alert_shows_and_returns_the_batch_past_it_and_the_rest_stays_on_sale(client, batches):
    outlet, _tea, honey, _old, _new = batches
    assert review_best_before(TODAY) == 1
    db.session.commit()
    page = client.get(ALERTS).text
    row = re.search(r'<tr class="pull-alert pull-alert-best_before">.*?</tr>', page, re.S).group(0)
    day = (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Lô L-OLD, hạn sử dụng {day}: 2" in row and "L-NEW" not in row
    assert 'name="product" value="mat-ong"' in row and 'name="quantity" value="2"' in row
    quantity = re.search(r'name="quantity" value="(\d+)"', row).group(1)
    note = re.search(r'name="note" value="([^"]*)"', row).group(1)
    answer = post(client, "/outlet/diem-ban-ho-guom/returns", product="mat-ong", quantity=quantity, note=note)
    assert answer.status_code == 303
    assert units(outlet, honey) == {None: 1, "L-OLD": 0, "L-NEW": 4}
    assert db.session.scalar(select(PullAlert.closed_by)) == "returned"
    assert "Không có cảnh báo rút hàng nào." in client.get(ALERTS).text
    assert find_on_shelf(outlet, honey.slug) is not None  # L-NEW and the units of no batch are still sold


def test_a_certificate_alert_is_about_every_unit_of_the_product_there(batches):
    from shop.transfers.pull_alerts import _raise
    outlet, _tea, honey, _old, _new = batches
    _raise(outlet, honey, "revoked")
    db.session.commit()
    alert = db.session.scalar(select(PullAlert))
    assert alert.units == 7 and sorted(level.on_hand for level in alert.held) == [1, 2, 4]


def test_a_count_that_finds_the_expired_batch_gone_closes_its_alert(client, batches):
    outlet, _tea, honey, old, new = batches
    assert review_best_before(TODAY) == 1
    db.session.commit()
    unfinished = {f"counted-mat-ong.{old.id}": "1", f"expected-mat-ong.{old.id}": "2", "note": "Vỡ một hũ"}
    assert post(client, COUNTS, **unfinished, finish="1").status_code == 303
    assert db.session.scalar(select(PullAlert.closed_by)) is None  # one unit past best-before is still there
    gone = {f"counted-mat-ong.{old.id}": "0", f"expected-mat-ong.{old.id}": "1", "note": "Đã huỷ lô cũ"}
    assert post(client, COUNTS, **gone, finish="1").status_code == 303
    assert units(outlet, honey) == {None: 1, "L-OLD": 0, "L-NEW": 4}
    assert db.session.scalar(select(PullAlert.closed_by)) == "counted"
    assert "Không có cảnh báo rút hàng nào." in client.get(ALERTS).text
