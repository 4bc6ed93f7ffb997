"""The KPIs' 24-month trend: every point is what kpis() gives as of that month end (the last point the day asked
for), on the KPI dataset with renewals, expiries and a revocation; the edge months; the JSON and CSV keys."""
import csv
import io
from datetime import date

from shop.office.indicators import kpis
from shop.office.trend import TREND_KEYS, month_ends, trend
from tests.factories import make_product, make_seller
from tests.office.kpi_dataset import AS_OF
from tests.workspace.workflow import office_client


def test_the_month_ends_run_24_months_up_to_the_day_itself():
    ends = month_ends(AS_OF)
    assert list(ends)[0] == "2024-07" and len(ends) == 24
    assert (ends["2024-07"], ends["2026-02"], ends["2024-12"], ends["2026-06"]) == (
        date(2024, 7, 31), date(2026, 2, 28), date(2024, 12, 31), AS_OF)
    assert month_ends(date(2024, 3, 31), 2) == {"2024-02": date(2024, 2, 29), "2024-03": date(2024, 3, 31)}


def test_every_point_agrees_with_the_kpis_as_of_its_month_end(app, dataset):
    make_product("Bánh đa", seller=make_seller("HTX Bánh Đa Kế", province="Bắc Giang"), stars=3,
                 decision_date=date(2024, 9, 30), expires_on=date(2025, 12, 31))
    for province in (None, "Thái Nguyên"):
        points = trend(AS_OF, province)
        assert list(points) == sorted(points) and len(points) == 24
        for month, point in points.items():
            expected = kpis(date.fromisoformat(point["as_of"]), province)
            assert point == {"as_of": expected["as_of"], **{key: expected[key] for key in TREND_KEYS}}, month
    assert {point["certified_products"] for point in trend(AS_OF, None).values()} != {5}  # the series moves


def test_the_edge_months_an_expiry_on_a_month_end_and_a_revocation_mid_month(app, dataset):
    # "Trà năm sao" 5★ revoked on 2026-03-01
    make_product("Bánh đa", seller=make_seller("HTX Bánh Đa Kế", province="Bắc Giang"), stars=3,
                 decision_date=date(2024, 9, 30), expires_on=date(2025, 12, 31))
    bac_giang = trend(AS_OF, "Bắc Giang")
    assert [bac_giang[month]["certified_products"] for month in ("2024-08", "2024-09", "2025-12", "2026-01")] == [
        0, 1, 1, 0]  # decided on 30 September, ends on 31 December: both months count
    points = trend(AS_OF, None)
    assert (points["2026-02"]["by_stars"]["5"], points["2026-03"]["by_stars"]["5"]) == (1, 0)  # revoked in March
    assert points["2026-05"]["by_stars"]["5"] == 1 and points["2026-06"]["as_of"] == "2026-06-15"  # the renewal


def test_the_json_carries_the_trend_and_the_csv_flattens_it(app, dataset):
    office = office_client(app)
    values = office.get("/office/kpis?as_of=2026-06-15&format=json").json
    assert list(values["trend"])[0] == "2024-07" and values["trend"]["2026-06"]["certified_products"] == 5
    assert values["trend"]["2026-02"] == {"as_of": "2026-02-28", "certified_products": 7,  # all but the 2★
                                          "by_stars": {"3": 3, "4": 3, "5": 1}, "share_4_star": 0.4286,
                                          "share_5_star": 0.1429, "producers": 4, "share_htx": 0.25}
    rows = dict(csv.reader(io.StringIO(office.get("/office/kpis?as_of=2026-06-15&format=csv").data
                                       .decode("utf-8-sig"))))
    assert (rows["trend.2025-01.certified_products"], rows["trend.2026-06.by_stars.5"]) == ("5", "1")
    assert rows["trend.2024-07.as_of"] == "2024-07-31"

