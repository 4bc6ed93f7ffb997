"""/office/kpis: the programme's KPIs as of a date, against figures worked out by hand on a fixed dataset with the
validity edges (expiring on the day, expired the day before, 1–2★, revoked since, renewed with no gap)."""
import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from shop.certification.services import revoke_certificate
from shop.counter.models import Sale
from shop.extensions import db
from shop.inventory.services import fulfilment_location
from shop.orders.models import SellerOrder
from shop.sellers.models import SellerChannel
from tests.factories import make_certificate, make_order, make_outlet, make_product, make_seller
from tests.workspace.workflow import office_client

AS_OF = date(2026, 6, 15)
YEAR_EARLIER = date(2025, 6, 15)


def _dataset():
    """Four producers and eight products; each product's comment says what it counts as on AS_OF."""
    htx = make_seller("HTX Chè Tân Cương", province="Thái Nguyên", owner_type="htx")
    company = make_seller("Công ty Trà Xanh", province="Thái Nguyên", owner_type="enterprise")
    household = make_seller("Hộ Nguyễn Văn An", province="Thái Nguyên", owner_type="household")
    angiang = make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise")
    htx.enterprise_size, company.enterprise_size, angiang.enterprise_size = "micro", "large", "small"
    db.session.add(SellerChannel(seller_id=angiang.id, channel="zalo"))  # declared; it does not sell here
    tea = make_product("Chè búp", seller=htx, stars=4, decision_date=date(2023, 6, 15),
                       expires_on=AS_OF)  # expires ON as_of: counts, expiring within 30 days
    make_product("Chè móc câu", seller=htx, stars=3, decision_date=date(2023, 6, 14),
                 expires_on=date(2026, 6, 14))  # expired the day before: lapsed, not counted
    make_product("Trà hai sao", seller=company, stars=2, decision_date=date(2026, 1, 1))  # never counts
    revoked = make_product("Trà năm sao", seller=company, stars=5, decision_date=date(2025, 1, 10))
    certificate = revoked.current_certificate
    revoke_certificate(certificate, reason="Vi phạm chất lượng")
    certificate.revoked_on = date(2026, 3, 1)  # counted a year earlier, not on AS_OF
    renewed = make_product("Mật ong", seller=household, stars=4, decision_date=date(2023, 5, 1),
                           expires_on=date(2026, 5, 1), published=False)
    make_certificate(renewed, stars=5, decision_date=date(2026, 5, 1))  # renewal with no gap: 5★ on AS_OF
    make_product("Mắm cá linh", seller=angiang, stars=3, decision_date=date(2026, 1, 1), published=False)
    make_product("Rượu", seller=htx, stars=3, group="Đồ uống", decision_date=date(2025, 9, 1))
    make_product("Khô cá", seller=angiang, stars=4, decision_date=date(2023, 8, 14), expires_on=date(2026, 8, 14),
                 published=False)  # expiring within 90 days
    fulfilment_location(tea).old_district = "Đại Từ"  # a district with a warehouse but no sales point
    outlet = make_outlet(province="Thái Nguyên")
    outlet.old_district = "Đồng Hỷ"
    db.session.commit()
    return tea, outlet


def _kpis(client, query):
    answer = client.get(f"/office/kpis?format=json&{query}")
    assert answer.status_code == 200, answer.text
    return answer.json


def test_the_figures_as_of_a_day_count_only_certificates_in_force_that_day(app):
    office = office_client(app)
    _dataset()
    kpis = _kpis(office, "as_of=2026-06-15")
    assert (kpis["as_of"], kpis["province"], kpis["certified_products"]) == ("2026-06-15", None, 5)
    assert kpis["by_stars"] == {"3": 2, "4": 2, "5": 1}
    assert (kpis["share_4_star"], kpis["share_5_star"]) == (0.4, 0.2)
    assert (kpis["by_group"]["Thực phẩm"], kpis["by_group"]["Đồ uống"]) == (4, 1)
    assert kpis["producers"] == 3
    assert kpis["by_owner_type"] == {"htx": 1, "tht": 0, "enterprise": 1, "household": 1}
    assert (kpis["share_htx"], kpis["share_sme"], kpis["share_modern_channels"]) == (0.3333, 0.6667, 0.6667)
    assert (kpis["expiring_30"], kpis["expiring_90"], kpis["lapsed"]) == (1, 2, 1)
    assert kpis["outlets"] == {"sales_point": 1, "district_centre": 0, "provincial_centre": 0, "regional_centre": 0}
    assert kpis["districts_without_outlet"] == ["Đại Từ"]
    assert kpis["share_traceable"] is None


def test_the_same_data_a_year_earlier_gives_that_years_figures(app):
    office = office_client(app)
    _dataset()
    kpis = _kpis(office, "as_of=2025-06-15")
    assert (kpis["certified_products"], kpis["by_stars"]) == (5, {"3": 1, "4": 3, "5": 1})
    assert kpis["by_owner_type"] == {"htx": 1, "tht": 0, "enterprise": 2, "household": 1}
    assert (kpis["producers"], kpis["expiring_30"], kpis["expiring_90"], kpis["lapsed"]) == (4, 0, 0, 0)


def test_a_renewal_on_the_day_the_old_certificate_ends_keeps_the_product_counted(app):
    office = office_client(app)
    _dataset()
    assert _kpis(office, "as_of=2026-05-01")["by_stars"]["5"] == 1  # the renewal; the revoked 5★ stopped in March
    assert _kpis(office, "as_of=2026-04-30")["by_stars"]["5"] == 0
    assert _kpis(office, "as_of=2026-02-28")["by_stars"]["5"] == 1  # the revoked one, the day before its revocation


def test_a_province_counts_only_its_producers_products(app):
    office = office_client(app)
    _dataset()
    kpis = _kpis(office, "as_of=2026-06-15&province=thai nguyen")
    assert (kpis["province"], kpis["certified_products"], kpis["producers"]) == ("Thái Nguyên", 3, 2)
    assert kpis["by_stars"] == {"3": 1, "4": 1, "5": 1}
    assert _kpis(office, "as_of=2026-06-15&province=Hà Nội")["certified_products"] == 0


def test_sales_are_counted_by_channel_and_month(app):
    office = office_client(app)
    tea, outlet = _dataset()
    db.session.add_all([Sale(number="BL-260602-000001", location_id=outlet.id, payment="cash", total_vnd=300_000,
                             sold_on=date(2026, 6, 2)),
                        Sale(number="BL-260603-000002", location_id=outlet.id, payment="cash", total_vnd=90_000,
                             sold_on=date(2026, 6, 3), state="voided", void_reason="Nhầm giá",
                             voided_at=datetime(2026, 6, 3, 2, tzinfo=UTC))])
    order = make_order((make_product("Chè Thái", stars=4), 2))
    order.created_at = datetime(2026, 5, 20, 3, tzinfo=UTC)
    db.session.scalars(db.select(SellerOrder)).one().status = "confirmed"
    db.session.commit()
    sales = _kpis(office, "as_of=2026-06-15")["sales"]
    assert (sales["outlets"]["2026-06"], sales["outlets"]["2026-05"]) == (300_000, 0)
    assert (sales["online"]["2026-05"], sales["online"]["2026-06"]) == (300_000, 0)
    assert list(sales["online"])[0] == "2025-07" and len(sales["outlets"]) == 12


def test_the_figures_download_as_csv_and_xlsx_and_read_back(app):
    office = office_client(app)
    _dataset()
    answer = office.get("/office/kpis?as_of=2026-06-15&format=csv")
    rows = dict(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert (rows["certified_products"], rows["by_stars.4"], rows["share_traceable"]) == ("5", "2", "")
    book = load_workbook(io.BytesIO(office.get("/office/kpis?as_of=2026-06-15&format=xlsx").data))
    cells = {key: value for key, value in book.active.iter_rows(values_only=True)}
    assert (cells["certified_products"], cells["share_4_star"], cells["districts_without_outlet"]) == (5, 0.4, "Đại Từ")


def test_the_page_shows_the_figures_with_labels_and_no_data_in_words(app):
    office = office_client(app)
    _dataset()
    page = office.get("/office/kpis?as_of=2026-06-15").text
    assert '<td data-label="Giá trị">40.0 %</td>' in page  # the 4★ share
    assert "Hợp tác xã (HTX)" in page and "chưa có dữ liệu" in page and "Điểm bán OCOP" in page
    assert 'href="/office/kpis?as_of=2026-06-15&amp;format=json"' in page
    assert 'href="/office/kpis"' in office.get("/office/").text


def test_a_bad_day_format_or_province_is_a_400(app):
    office = office_client(app)
    for query in ("as_of=15/06/2026", "as_of=2026-02-30", "as_of=20260615", "format=pdf", "province=Atlantis"):
        assert office.get(f"/office/kpis?{query}").status_code == 400, query


def test_an_online_sale_counts_in_the_month_of_the_shops_day_not_utcs(app):
    office = office_client(app)
    order = make_order((make_product("Chè Thái", stars=4), 1))
    order.created_at = datetime(2026, 5, 31, 18, tzinfo=UTC)  # 1 June, 01:00 in Vietnam
    db.session.scalars(db.select(SellerOrder)).one().status = "confirmed"
    db.session.commit()
    online = _kpis(office, "as_of=2026-06-15")["sales"]["online"]
    assert (online["2026-05"], online["2026-06"]) == (0, 150_000)
