"""/office/kpis: the programme's KPIs as of a date, against figures worked out by hand on a fixed dataset imported
through `ocop import`, with the validity edges (expiring on the day, expired the day before, 1–2★, revoked since,
renewed with no gap)."""
import csv
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook

from shop.counter.models import Sale
from shop.extensions import db
from shop.orders.models import SellerOrder
from tests.factories import make_order, make_product
from tests.workspace.workflow import office_client

NO_GROUPS = dict.fromkeys(("Thực phẩm", "Đồ uống", "Dược liệu và sản phẩm từ dược liệu", "Thủ công mỹ nghệ",
                           "Sinh vật cảnh", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"), 0)


def _kpis(client, query):
    answer = client.get(f"/office/kpis?format=json&{query}")
    assert answer.status_code == 200, answer.text
    return answer.json


def test_the_figures_as_of_a_day_count_only_certificates_in_force_that_day(app, dataset):
    """On AS_OF: Chè búp 4★ (ends that day), Rượu men lá 3★, Mật ong 5★ (the renewal), Mắm cá linh 3★, Khô cá 4★."""
    kpis = _kpis(office_client(app), "as_of=2026-06-15")
    assert (kpis["as_of"], kpis["province"], kpis["certified_products"]) == ("2026-06-15", None, 5)
    assert kpis["by_stars"] == {"3": 2, "4": 2, "5": 1}
    assert (kpis["share_4_star"], kpis["share_5_star"]) == (0.4, 0.2)  # 2/5, 1/5
    assert kpis["by_group"] == {**NO_GROUPS, "Thực phẩm": 4, "Đồ uống": 1}
    assert kpis["producers"] == 3  # the HTX, the household, Khải Hoàn; Trà Xanh has only the 2★ and the revoked
    assert kpis["by_owner_type"] == {"htx": 1, "tht": 0, "enterprise": 1, "household": 1}
    assert (kpis["share_htx"], kpis["share_sme"]) == (0.3333, 0.6667)  # 1/3; micro HTX + small Khải Hoàn: 2/3
    assert kpis["share_modern_channels"] == 0.6667  # the HTX sells here, Khải Hoàn declares Zalo: 2/3
    assert kpis["outlets"] == {"sales_point": 1, "district_centre": 0, "provincial_centre": 0, "regional_centre": 0}
    assert kpis["districts_without_outlet"] == ["Đại Từ"]
    assert kpis["share_traceable"] == 0.4  # Chè búp and Rượu men lá carry a GTIN: 2/5
    assert (kpis["expiring_30"], kpis["expiring_90"]) == (1, 2)  # Chè búp (today); Khô cá (14 August)
    assert kpis["lapsed"] == 2  # Chè móc câu (ended yesterday), Bánh chưng (2024); not the revoked, not the 2★


def test_the_same_data_a_year_earlier_gives_that_years_figures(app, dataset):
    """On 2025-06-15: Chè búp 4★, Chè móc câu 3★, Trà năm sao 5★ (not yet revoked), Mật ong 4★ (its first
    certificate), Khô cá 4★; Rượu men lá and Mắm cá linh were not decided yet."""
    kpis = _kpis(office_client(app), "as_of=2025-06-15")
    assert (kpis["as_of"], kpis["certified_products"]) == ("2025-06-15", 5)
    assert kpis["by_stars"] == {"3": 1, "4": 3, "5": 1}
    assert (kpis["share_4_star"], kpis["share_5_star"]) == (0.6, 0.2)
    assert kpis["by_group"] == {**NO_GROUPS, "Thực phẩm": 5}
    assert kpis["producers"] == 4
    assert kpis["by_owner_type"] == {"htx": 1, "tht": 0, "enterprise": 2, "household": 1}
    assert (kpis["share_htx"], kpis["share_sme"]) == (0.25, 0.5)  # 1/4; micro + small of 4 (Trà Xanh is large)
    assert kpis["share_modern_channels"] == 0.75  # the HTX and Trà Xanh sell here, Khải Hoàn declares Zalo: 3/4
    assert kpis["outlets"] == {"sales_point": 1, "district_centre": 0, "provincial_centre": 0,
                               "regional_centre": 0}  # outlets have no history: as they are now
    assert (kpis["districts_without_outlet"], kpis["share_traceable"]) == (["Đại Từ"], 0.2)  # Chè búp's GTIN: 1/5
    assert (kpis["expiring_30"], kpis["expiring_90"], kpis["lapsed"]) == (0, 0, 1)  # Bánh chưng ended in 2024


def test_a_renewal_on_the_day_the_old_certificate_ends_keeps_the_product_counted(app, dataset):
    office = office_client(app)
    assert _kpis(office, "as_of=2026-05-01")["by_stars"]["5"] == 1  # the renewal; the revoked 5★ stopped in March
    assert _kpis(office, "as_of=2026-04-30")["by_stars"]["5"] == 0
    assert _kpis(office, "as_of=2026-02-28")["by_stars"]["5"] == 1  # the revoked one, the day before its revocation


def test_a_province_counts_only_its_producers_products(app, dataset):
    office = office_client(app)
    kpis = _kpis(office, "as_of=2026-06-15&province=thai nguyen")
    assert (kpis["province"], kpis["certified_products"], kpis["producers"]) == ("Thái Nguyên", 3, 2)
    assert kpis["by_stars"] == {"3": 1, "4": 1, "5": 1}
    assert _kpis(office, "as_of=2026-06-15&province=Hà Nội")["certified_products"] == 0


def test_sales_are_counted_by_channel_and_month(app, dataset):
    office = office_client(app)
    _, outlet = dataset
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


def test_the_figures_download_as_csv_and_xlsx_and_read_back(app, dataset):
    office = office_client(app)
    answer = office.get("/office/kpis?as_of=2026-06-15&format=csv")
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"  # its charset said once
    rows = dict(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert (rows["certified_products"], rows["by_stars.4"], rows["share_traceable"]) == ("5", "2", "0.4")
    book = load_workbook(io.BytesIO(office.get("/office/kpis?as_of=2026-06-15&format=xlsx").data))
    cells = {key: value for key, value in book.active.iter_rows(values_only=True)}
    assert (cells["certified_products"], cells["share_4_star"], cells["districts_without_outlet"]) == (5, 0.4, "Đại Từ")


def test_the_page_shows_the_figures_with_labels_and_no_data_in_words(app, dataset):
    office = office_client(app)
    page = office.get("/office/kpis?as_of=2026-06-15").text
    assert '<tr><th scope="row">Tỷ lệ 4 sao</th><td>40%</td></tr>' in page  # the 4★ share
    assert "Hợp tác xã (HTX)" in page and "Điểm bán OCOP" in page and "chưa có dữ liệu" not in page
    empty = office.get("/office/kpis?as_of=2026-06-15&province=Hà Nội").text  # no product: no share to show
    assert "chưa có dữ liệu" in empty
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


def _readme_kpi_json() -> str:
    """The README's "KPI JSON" section, for provinces that feed other systems."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    return readme.split("### KPI JSON", 1)[1].split("\n## ", 1)[0]


def test_every_key_of_the_kpi_json_is_documented_in_the_readme(app, dataset):
    kpis = _kpis(office_client(app), "as_of=2026-06-15")
    named = set(re.findall(r'[`"]([a-z_0-9]+)[`"]', _readme_kpi_json()))
    fixed = {"by_stars", "by_owner_type", "outlets", "sales", "targets", "gaps"}  # by_group and sales' months vary
    keys = {*kpis, *(key for name in fixed for key in kpis[name]), *next(iter(kpis["trend"].values())),
            *(key for name in ("targets", "gaps") for key in kpis[name]["outlets"])}
    assert sorted(keys - named) == []
