"""The settlement screens: the office sees every open settlement, sets commissions and marks one paid (audited);
a producer sees only its own, outlet staff only their outlet's; every table downloads as CSV and XLSX."""
import csv
import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from shop.clock import VIETNAM
from shop.extensions import db
from shop.notifications.models import Notification
from shop.office.models import AuditEntry
from shop.sellers.models import SellerMember
from shop.settlements.models import CommissionRate, Settlement
from shop.settlements.services import set_rate
from tests.accounts.support import log_in, make_user
from tests.settlements.support import consignment
from tests.workspace.workflow import office_client, post_form

OPEN_HEADINGS = ["Điểm bán", "Nhà sản xuất", "Từ ngày", "Đến ngày", "Tồn đầu kỳ", "Nhận", "Đã bán",
                 "Trả về nhà sản xuất", "Hao hụt", "Tồn cuối kỳ", "Doanh số", "Tỷ lệ hoa hồng", "Hoa hồng",
                 "Phải trả nhà sản xuất"]


def member_of(app, seller):
    """A client signed in as the owner of `seller`."""
    user = make_user("chu@example.vn", name="Chủ cơ sở")
    db.session.add(SellerMember(user=user, seller=seller, role="owner"))
    db.session.commit()
    client = app.test_client()
    log_in(client, "chu@example.vn")
    return client


def read_csv(answer) -> list[list[str]]:
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))


def read_xlsx(answer) -> list[list]:
    assert answer.status_code == 200 and answer.mimetype.endswith("spreadsheetml.sheet")
    return [list(row) for row in load_workbook(io.BytesIO(answer.data)).active.iter_rows(values_only=True)]


def test_the_office_sets_an_outlets_commission_and_a_producers_override(app):
    outlet, tea, _honey, _kept = consignment()
    office = office_client(app)
    page = f"/office/outlets/{outlet.slug}"
    assert "Chưa đặt hoa hồng" in office.get(page).text
    assert post_form(office, f"{page}/commission", page, seller="", rate="15").status_code == 303
    assert post_form(office, f"{page}/commission", page, seller=str(tea.seller_id), rate="12,5").status_code == 303
    rates = {rate.seller_id: rate.rate_bp for rate in db.session.scalars(select(CommissionRate))}
    assert rates == {None: 1500, tea.seller_id: 1250}
    shown = office.get(page).text
    assert "15%" in shown and "12,5%" in shown
    assert [entry.action for entry in db.session.scalars(select(AuditEntry))] == ["outlet.commission"] * 2
    post_form(office, f"{page}/commission", page, seller=str(tea.seller_id), rate="")  # removes the override
    assert {rate.seller_id for rate in db.session.scalars(select(CommissionRate))} == {None}


@pytest.mark.parametrize("seller, rate", [("", "101"), ("", "12.345"), ("", "-5"), ("", "mười"), ("99999", "10")])
def test_a_bad_commission_is_answered_on_the_form_and_nothing_is_written(app, seller, rate):
    outlet, *_rest = consignment()
    office = office_client(app)
    page = f"/office/outlets/{outlet.slug}"
    answer = post_form(office, f"{page}/commission", page, seller=seller, rate=rate)
    assert answer.status_code == 422 and 'class="error' in answer.text
    assert db.session.scalars(select(CommissionRate)).all() == []


def test_the_office_marks_a_settlement_paid_as_shown(app):
    outlet, tea, _honey, _kept = consignment()
    set_rate(outlet, None, 1000)
    db.session.commit()
    member_of(app, tea.seller)
    office = office_client(app)
    page = office.get("/office/settlements").text
    form = re.search(r'<form method="post" action="/office/settlements/paid">.*?</form>', page, re.S).group(0)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert (fields["outlet"], fields["seller"], fields["owed"]) == (outlet.slug, str(tea.seller_id), "405000")
    answer = office.post("/office/settlements/paid", data=fields)
    assert answer.status_code == 303
    paid = db.session.scalars(select(Settlement)).one()
    assert (paid.sold, paid.sales_vnd, paid.commission_vnd, paid.owed_vnd) == (3, 450_000, 45_000, 405_000)
    assert db.session.scalars(select(AuditEntry.action)).all() == ["settlement.paid"]
    told = db.session.scalars(select(Notification.text).where(Notification.kind == "settlement_paid")).all()
    assert told == [f"Điểm bán OCOP Hồ Gươm đã quyết toán {paid.number}: 405.000\xa0₫."]
    after = office.get("/office/settlements").text
    assert paid.number in after and "Đã đánh dấu quyết toán" in after
    again = office.post("/office/settlements/paid", data=fields, follow_redirects=True)  # a double tap
    assert "Không còn gì để quyết toán" in again.text and len(db.session.scalars(select(Settlement)).all()) == 1


@pytest.mark.parametrize("change", [{"through": "x"}, {"owed": ""}, {"seller": "0"}, {"outlet": "khong-co"}])
def test_a_tampered_pay_form_is_refused_and_nothing_is_written(app, change):
    outlet, tea, _honey, _kept = consignment()
    set_rate(outlet, None, 1000)
    db.session.commit()
    office = office_client(app)
    office.get("/office/settlements")
    fields = {"outlet": outlet.slug, "seller": str(tea.seller_id), "through": "999999", "owed": "405000",
              "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                      office.get("/office/settlements").text).group(1)} | change
    assert office.post("/office/settlements/paid", data=fields).status_code in (400, 404)
    assert db.session.scalars(select(Settlement)).all() == []


def test_a_producer_sees_only_its_own_settlements(app):
    _outlet, tea, _honey, _kept = consignment()
    page = member_of(app, tea.seller).get("/seller/settlements")
    assert page.status_code == 200
    assert "HTX Chè Tân Cương" in page.text and "HTX Mật Ong Bắc Kạn" not in page.text


def test_outlet_staff_see_their_outlets_settlements(app):
    staff = make_user("nv@ocop.vn")
    outlet, *_rest = consignment(staff=[staff])
    client = app.test_client()
    log_in(client, "nv@ocop.vn")
    page = client.get(f"/outlet/{outlet.slug}/settlements").text
    assert "HTX Chè Tân Cương" in page and "HTX Mật Ong Bắc Kạn" in page and "Chưa đặt hoa hồng" in page


def test_the_open_and_paid_tables_download_as_csv_and_xlsx_and_read_back(app):
    outlet, tea, _honey, _kept = consignment()
    set_rate(outlet, None, 1000)
    db.session.commit()
    office = office_client(app)
    rows = read_csv(office.get("/office/settlements?format=csv&table=open"))
    assert rows[0] == OPEN_HEADINGS
    day = datetime.now(VIETNAM).date().isoformat()  # the ledger's own clock (the database's), not SHOP_TODAY
    assert rows[1] == ["Điểm bán OCOP Hồ Gươm", "HTX Chè Tân Cương", day, day, "0", "10", "3", "2", "2", "3", "450000",
                       "10.0", "45000", "405000"]
    sheet = read_xlsx(office.get("/office/settlements?format=xlsx&table=open"))
    assert sheet[0] == OPEN_HEADINGS and sheet[2][2].date().isoformat() == day
    assert sheet[2][1:2] + sheet[2][4:] == ["HTX Mật Ong Bắc Kạn", 0, 4, 1, 0, 0, 3, 90_000, 10, 9_000, 81_000]
    form = office.get("/office/settlements").text
    office.post("/office/settlements/paid", data=dict(re.findall(r'name="(\w+)" value="([^"]*)"', re.search(
        r'action="/office/settlements/paid">.*?</form>', form, re.S).group(0))))
    number = db.session.scalars(select(Settlement.number)).one()
    producer = member_of(app, tea.seller)
    paid = read_xlsx(producer.get("/seller/settlements?format=xlsx&table=paid"))
    assert paid[0][:2] == ["Số quyết toán", "Ngày trả"] and len(paid) == 2
    assert paid[1][0] == number and paid[1][3] == "HTX Chè Tân Cương"
    assert paid[1][6:] == [0, 10, 3, 2, 2, 3, 450_000, 10, 45_000, 405_000]
    assert read_csv(producer.get("/seller/settlements?format=csv&table=open")) == [OPEN_HEADINGS]  # all paid


@pytest.mark.parametrize("query", ["format=pdf", "format=csv&table=all", "format="])
def test_an_unknown_file_format_or_table_is_a_400(app, query):
    consignment()
    assert office_client(app).get(f"/office/settlements?{query}").status_code == 400
