"""/seller/stamps: a producer orders stamps for its own batch, sees each sheet's stamps and checks, voids a lost
sheet or some serials, and downloads A4 pages of 30 stamps; another producer's batch or sheet is a 404."""
import re

import pytest

from shop.extensions import db
from shop.stamps.models import Stamp, StampCheck, StampOrder
from shop.stamps.services import grouped
from tests.factories import make_product
from tests.stamps.support import batch_of, stamped
from tests.workspace.workflow import post_form, producer_signed_up


@pytest.fixture
def batch(client):
    """A signed-in, verified producer's certified tea with 5 units of batch L2606 in its warehouse."""
    seller = producer_signed_up(client)
    seller.status = "verified"
    return batch_of(make_product("Chè móc câu", seller=seller, stock=0))


def page_of(batch):
    return f"/seller/stamps/batch/{batch.id}"


def test_the_stock_card_links_each_batch_to_its_stamps(client, batch):
    assert f'href="{page_of(batch)}"' in client.get("/seller/stock").text


def test_ordering_stamps_makes_a_sheet_listed_with_its_counts(client, batch):
    answer = post_form(client, f"{page_of(batch)}/order", page_of(batch), quantity="31")
    order = db.session.query(StampOrder).one()
    assert answer.status_code == 303 and answer.location == f"{page_of(batch)}#order-{order.id}"
    assert (order.quantity, db.session.query(Stamp).count()) == (31, 31)
    page = client.get(page_of(batch)).text
    assert "<dd>31</dd>" in page and grouped(order.stamps[0].serial) in page
    assert f"/seller/stamps/order/{order.id}/print" in page


@pytest.mark.parametrize("quantity", ["0", "1001", "", "mười"])
def test_an_order_out_of_range_is_refused_with_its_reason(client, batch, quantity):
    answer = post_form(client, f"{page_of(batch)}/order", page_of(batch), quantity=quantity)
    assert answer.status_code == 422 and 'class="errors"' in answer.text
    assert db.session.query(Stamp).count() == 0


def test_another_producers_batch_and_sheets_are_404(client, batch):
    other = stamped(2, product=make_product("Mật ong Bắc Kạn", stock=0))
    for path in (page_of(other.batch), f"/seller/stamps/order/{other.id}/print",
                 f"/seller/stamps/order/{other.id}/sheet-1.svg"):
        assert client.get(path).status_code == 404
    assert post_form(client, f"{page_of(other.batch)}/order", page_of(batch), quantity="5").status_code == 404
    assert post_form(client, f"/seller/stamps/order/{other.id}/void", page_of(batch),
                     reason="mất").status_code == 404
    assert all(stamp.voided_at is None for stamp in other.stamps)


def test_voiding_some_serials_then_the_whole_sheet(client, batch):
    post_form(client, f"{page_of(batch)}/order", page_of(batch), quantity="3")
    order = db.session.query(StampOrder).one()
    void = f"/seller/stamps/order/{order.id}/void"
    first = order.stamps[0]
    answer = post_form(client, void, page_of(batch), reason="Rách khi dán", serials=grouped(first.serial).lower())
    assert answer.status_code == 303
    db.session.expire_all()
    assert [stamp.voided_at is not None for stamp in order.stamps] == [True, False, False]
    assert post_form(client, void, page_of(batch), reason="Mất tờ tem", serials="").status_code == 303
    db.session.expire_all()
    assert [stamp.void_reason for stamp in order.stamps] == ["Rách khi dán", "Mất tờ tem", "Mất tờ tem"]
    assert "đã hủy: Mất tờ tem" in client.get(page_of(batch)).text


@pytest.mark.parametrize(("fields", "why"), [({"reason": ""}, "Vui lòng điền"),
                                              ({"reason": "mất", "serials": "ABC"}, "không phải mã tem"),
                                              ({"reason": "mất", "serials": "0000-0000-0000-0000"},
                                               "không thuộc tờ tem này")])
def test_a_void_without_reason_or_with_a_stray_serial_is_refused(client, batch, fields, why):
    post_form(client, f"{page_of(batch)}/order", page_of(batch), quantity="2")
    order = db.session.query(StampOrder).one()
    answer = post_form(client, f"/seller/stamps/order/{order.id}/void", page_of(batch), **fields)
    assert answer.status_code == 422 and why in answer.text
    db.session.expire_all()
    assert all(stamp.voided_at is None for stamp in order.stamps)


def test_the_sheet_is_a4_pages_of_30_stamps_with_the_stars_and_serials(client, batch):
    post_form(client, f"{page_of(batch)}/order", page_of(batch), quantity="31")
    order = db.session.query(StampOrder).one()
    printing = client.get(f"/seller/stamps/order/{order.id}/print").text
    assert printing.count('class="stamp-page"') == 2
    first = client.get(f"/seller/stamps/order/{order.id}/sheet-1.svg")
    assert first.status_code == 200 and first.mimetype == "image/svg+xml"
    assert 'width="210mm" height="297mm"' in first.text
    assert first.text.count("<path") == 30 and first.text.count("OCOP ★★★★") == 30
    assert all(grouped(stamp.serial) in first.text for stamp in order.stamps[:30])
    second = client.get(f"/seller/stamps/order/{order.id}/sheet-2.svg").text
    assert second.count("<path") == 1 and grouped(order.stamps[30].serial) in second
    assert client.get(f"/seller/stamps/order/{order.id}/sheet-3.svg").status_code == 404
    assert re.search(r"<title>Tem điện tử Chè móc câu, lô L2606, trang 1/2</title>", first.text)


def test_serials_to_void_are_typed_one_a_line_as_the_form_says(client, batch):
    post_form(client, f"{page_of(batch)}/order", page_of(batch), quantity="3")
    order = db.session.query(StampOrder).one()
    typed = "\r\n".join(grouped(stamp.serial) for stamp in order.stamps[:2])
    answer = post_form(client, f"/seller/stamps/order/{order.id}/void", page_of(batch), reason="Rách", serials=typed)
    assert answer.status_code == 303
    db.session.expire_all()
    assert [stamp.voided_at is not None for stamp in order.stamps] == [True, True, False]


def test_each_stamp_of_every_sheet_shows_its_own_checks(client, batch):
    for quantity in ("2", "2"):
        post_form(client, f"{page_of(batch)}/order", page_of(batch), quantity=quantity)
    first, second = db.session.query(StampOrder).order_by(StampOrder.id).all()
    for stamp, times in ((first.stamps[0], 1), (second.stamps[1], 2)):
        for visitor in range(times):
            db.session.add(StampCheck(stamp_id=stamp.id, at=first.ordered_at, visitor=f"v{visitor}"))
    db.session.commit()
    page = client.get(page_of(batch)).text
    for stamp, said in ((first.stamps[0], "1 lượt kiểm tra"), (first.stamps[1], "0 lượt kiểm tra"),
                        (second.stamps[1], "2 lượt kiểm tra")):
        assert re.search(rf"{grouped(stamp.serial)}</code> — {said}</li>", page), said
