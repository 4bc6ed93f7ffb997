"""/office/targets and the KPIs against them: the plans' defaults, a province's own targets for a year, the gap
to each target worked out by hand, and the gap in words (Vietnamese and English)."""
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.services import fulfilment_location
from shop.office import kpi_targets
from shop.office.kpi_targets import defaults, gaps, targets_for
from shop.office.models import AuditEntry, KpiTarget
from tests.accounts.support import log_in, make_user
from tests.factories import make_outlet, make_product, make_seller
from tests.workspace.workflow import office_client, post_form, producer_signed_up

BLANK = {name: "" for name in ("share_4_star", "share_5_star", "share_htx", "share_sme", "share_modern_channels",
                               "share_traceable", "outlets_sales_point", "outlets_district_centre",
                               "outlets_provincial_centre", "outlets_regional_centre", "districts_without_outlet")}


def _save(client, **fields):
    """POST the targets form for Hà Tĩnh 2026 (unless `fields` say otherwise), every other field empty."""
    return post_form(client, "/office/targets", page="/office/targets?province=Hà Tĩnh&year=2026",
                     **{"province": "Hà Tĩnh", "year": "2026", **BLANK, **fields})


def _kpis(client, query):
    answer = client.get(f"/office/kpis?format=json&{query}")
    assert answer.status_code == 200, answer.text
    return answer.json


def _twenty_three_products(province="Hà Tĩnh"):
    """23 certified products, 3 of them 4★ (the rest 3★), from one HTX and one household; returns them."""
    htx = make_seller("HTX Cam Vũ Quang", province=province, owner_type="htx")
    household = make_seller("Hộ Trần Văn Bình", province=province, owner_type="household")
    return [make_product(f"Sản phẩm {n}", seller=htx if n < 3 else household, stars=4 if n < 3 else 3,
                         published=False) for n in range(23)]


def test_the_plans_defaults_stand_when_nothing_is_saved(app):
    plan = targets_for("Hà Tĩnh", 2026)
    assert (plan["share_4_star"], plan["share_5_star"], plan["share_htx"], plan["share_sme"]) == (0.2, 0.05, 0.4, 0.3)
    assert (plan["share_modern_channels"], plan["share_traceable"], plan["districts_without_outlet"]) == (0.5, 0.9, 0)
    assert plan["outlets.sales_point"] is None  # no default outside Quảng Nam
    quang_nam = targets_for("Đà Nẵng", 2026)  # Quảng Nam merged into Đà Nẵng on 2025-07-01
    assert [quang_nam[f"outlets.{kind}"] for kind in ("sales_point", "district_centre", "provincial_centre",
                                                     "regional_centre")] == [45, 10, 2, 1]
    assert targets_for(None, 2026) == defaults(None) and defaults(None)["outlets.sales_point"] is None


def test_a_saved_target_overrides_the_default_for_that_province_and_year_only(app):
    office = office_client(app)
    answer = _save(office, share_4_star="25", outlets_sales_point="12")
    assert answer.status_code == 303 and answer.location == "/office/targets?province=H%C3%A0+T%C4%A9nh&year=2026"
    assert (targets_for("Hà Tĩnh", 2026)["share_4_star"], targets_for("Hà Tĩnh", 2026)["outlets.sales_point"]) \
        == (0.25, 12)
    assert targets_for("Hà Tĩnh", 2025)["share_4_star"] == 0.2 and targets_for("Nghệ An", 2026)["share_4_star"] == 0.2
    page = office.get("/office/targets?province=Hà Tĩnh&year=2026").text
    assert 'name="share_4_star" type="text" value="25"' in page and "Mặc định: 20%." in page
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.subject_type, entry.subject_id) == ("targets.set", "targets", 2026)
    assert entry.subject_label == "Hà Tĩnh · 2026 · share_4_star=0.25, outlets.sales_point=12"


def test_an_empty_field_returns_the_target_to_its_default(app):
    office = office_client(app)
    _save(office, share_4_star="25,5")
    assert targets_for("Hà Tĩnh", 2026)["share_4_star"] == 0.255
    assert _save(office).status_code == 303
    assert targets_for("Hà Tĩnh", 2026)["share_4_star"] == 0.2
    assert db.session.scalar(select(func.count()).select_from(KpiTarget)) == 0
    assert db.session.scalars(select(AuditEntry.subject_label).order_by(AuditEntry.id)).all()[-1] \
        == "Hà Tĩnh · 2026 · share_4_star=—"
    _save(office)  # nothing changed: nothing logged
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 2


def test_bad_input_is_a_form_error_and_writes_nothing(app):
    office = office_client(app)
    for fields, error in (({"share_4_star": "120"}, "Nhập phần trăm từ 0 đến 100"),
                          ({"share_htx": "-5"}, "Nhập phần trăm từ 0 đến 100"),
                          ({"outlets_sales_point": "2.5"}, "Nhập số nguyên từ 0 trở lên."),
                          ({"year": "2014", "share_4_star": "30"}, "Năm phải từ 2015 đến 2100."),
                          ({"year": "abcd"}, "Năm phải từ 2015 đến 2100."),
                          ({"province": "Atlantis", "share_4_star": "30"}, "Không có tỉnh này."),
                          ({"province": "", "share_4_star": "30"}, "Hãy chọn một tỉnh.")):
        answer = _save(office, **fields)
        assert answer.status_code == 422 and error in answer.text, fields
    assert db.session.scalar(select(func.count()).select_from(KpiTarget)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    without_token = office.post("/office/targets", data={"province": "Hà Tĩnh", "year": "2026", "share_4_star": "30"})
    assert without_token.status_code in (400, 422) and not db.session.scalars(select(KpiTarget)).all()


def test_two_saves_at_once_keep_the_first_and_refuse_the_second(app, monkeypatch):
    office = office_client(app)
    _save(office, share_4_star="25")
    monkeypatch.setattr(kpi_targets, "_rows", lambda province, year: {})  # as if read before the first landed
    answer = _save(office, share_4_star="30", share_htx="50")
    assert answer.status_code == 422 and "Chỉ tiêu này vừa được lưu ở nơi khác." in answer.text
    monkeypatch.undo()
    assert (targets_for("Hà Tĩnh", 2026)["share_4_star"], targets_for("Hà Tĩnh", 2026)["share_htx"]) == (0.25, 0.4)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_a_bad_province_or_year_in_the_address_is_a_400_with_the_reason(app):
    office = office_client(app)
    for query, error in (("province=Atlantis", "Không có tỉnh này."), ("year=1999", "Năm phải từ 2015 đến 2100."),
                         ("year=20x6", "Năm phải từ 2015 đến 2100.")):
        answer = office.get(f"/office/targets?{query}")
        assert answer.status_code == 400 and error in answer.text, query


def test_all_provinces_show_the_defaults_and_cannot_be_edited(app):
    office = office_client(app)
    page = office.get("/office/targets").text
    assert "không sửa được" in page and 'action="/office/targets"' not in page and "20%" in page
    assert 'value="2026"' in page  # this year unless asked
    assert 'href="/office/targets"' in office.get("/office/").text
    assert 'href="/office/targets?year=2026"' in office.get("/office/kpis?as_of=2026-06-15").text


def test_gaps_hold_todays_denominator_fixed(app):
    kpis = {"certified_products": 23, "by_stars": {"4": 3, "5": 0}, "share_4_star": 0.1304, "share_5_star": 0.0,
            "producers": 10, "by_owner_type": {"htx": 4}, "share_htx": 0.4, "sme_producers": 3, "share_sme": 0.3,
            "modern_channel_producers": 0, "share_modern_channels": 0.0, "traceable_products": 20,
            "share_traceable": 0.8696,
            "outlets": {"sales_point": 3, "district_centre": 0, "provincial_centre": 1, "regional_centre": 0},
            "districts_without_outlet": ["Kỳ Anh", "Hương Khê"]}
    targets = {**defaults(None), "outlets.sales_point": 45, "outlets.provincial_centre": 1}
    assert gaps(kpis, targets) == {
        "share_4_star": 2,            # ceil(0.2 × 23 − 3) = ceil(1.6)
        "share_5_star": 2,            # ceil(0.05 × 23 − 0) = ceil(1.15)
        "share_htx": 0, "share_sme": 0,  # exactly on target: reached
        "share_modern_channels": 5,   # 0.5 × 10
        "share_traceable": 1,         # ceil(0.9 × 23 − 20) = ceil(0.7)
        "outlets.sales_point": 42, "outlets.district_centre": None,  # no target: no gap
        "outlets.provincial_centre": 0, "outlets.regional_centre": None,
        "districts_without_outlet": 2}
    assert gaps({**kpis, "districts_without_outlet": None, "certified_products": 0, "share_4_star": None},
                targets)["share_4_star"] is None


def test_the_kpi_json_carries_the_targets_and_the_gaps(app):
    office = office_client(app)
    _twenty_three_products()
    kpis = _kpis(office, "as_of=2026-06-15&province=Hà Tĩnh")
    assert kpis["targets"]["share_4_star"] == 0.2 and kpis["targets"]["outlets"]["sales_point"] is None
    assert (kpis["gaps"]["share_4_star"], kpis["gaps"]["share_5_star"], kpis["gaps"]["share_htx"]) == (2, 2, 0)
    assert kpis["gaps"]["share_traceable"] == 21  # no GTIN yet: ceil(0.9 × 23)
    assert kpis["gaps"]["districts_without_outlet"] is None
    _save(office, share_4_star="10")
    assert _kpis(office, "as_of=2026-06-15&province=Hà Tĩnh")["gaps"]["share_4_star"] == 0
    assert _kpis(office, "as_of=2025-06-15&province=Hà Tĩnh")["targets"]["share_4_star"] == 0.2  # another year
    rows = dict(line.split(",", 1) for line in office.get(
        "/office/kpis?as_of=2026-06-15&province=Hà Tĩnh&format=csv").data.decode("utf-8-sig").splitlines())
    assert (rows["targets.share_4_star"], rows["gaps.share_5_star"], rows["gaps.outlets.sales_point"]) \
        == ("0.1", "2", "")


def test_the_page_says_the_gap_in_words_in_vietnamese_and_english(app):
    office = office_client(app)
    products = _twenty_three_products()
    make_outlet(province="Hà Tĩnh").old_district = "Kỳ Anh"
    fulfilment_location(products[0]).old_district = "Hương Khê"  # a warehouse: not a sales point
    db.session.commit()
    page = office.get("/office/kpis?as_of=2026-06-15&province=Hà Tĩnh").text
    assert "còn thiếu 2 sản phẩm 4★ để đạt 20%" in page and "đã đạt chỉ tiêu 40%" in page
    assert '<progress max="100" value="65"' in page  # 13.04 % of 20 %
    assert "còn 1 huyện cũ cần có điểm bán để đạt chỉ tiêu: Hương Khê" in page
    assert "chưa đặt chỉ tiêu" in page and "còn thiếu 21 sản phẩm có mã truy xuất để đạt 90%" in page
    office.get("/language/en")
    page = office.get("/office/kpis?as_of=2026-06-15&province=Hà Tĩnh").text
    assert "2 more 4★ products needed to reach 20%" in page and "target of 40% reached" in page
    assert "1 more old district needs a sales point to reach the target: Hương Khê" in page


def test_only_the_office_reaches_the_targets(app, client):
    assert client.get("/office/targets").status_code == 302
    assert "/account/login" in client.get("/office/targets").location
    make_user("khach@example.vn")
    log_in(client, "khach@example.vn")
    assert client.get("/office/targets").status_code == 403
    assert client.post("/office/targets", data={"province": "Hà Tĩnh", "year": "2026"}).status_code in (400, 403)
    assert not db.session.scalars(select(KpiTarget)).all()


def test_a_producer_cannot_reach_the_targets(app, client):
    producer_signed_up(client)
    assert client.get("/office/targets").status_code == 403
    assert client.get("/office/kpis").status_code == 403
