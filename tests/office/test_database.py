"""/office/products: the provincial product database, its filters and statuses, each product's certificate
history, and the exports (the certificate list round-trips through `ocop import`)."""
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.extensions import db
from shop.office import services
from shop.search.service import reindex
from tests.accounts.support import make_user
from tests.factories import make_certificate, make_outlet, make_product, make_seller
from tests.office.tables import read_table
from tests.support.pages import visible_text
from tests.workspace.workflow import office_client

TODAY = date(2026, 6, 15)
GTIN = "8934563138165"  # 893 (Vietnam), check digit 5


@pytest.fixture
def shelf():
    """A product of each status, in two provinces, communes, groups, owner types and star ratings."""
    tea = make_seller("HTX Chè Tân Cương", province="Thái Nguyên", owner_type="htx")
    tea.commune = "Xã Tân Cương"
    fish = make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise")
    fish.commune = "Phường Châu Đốc"
    products = {
        "on_sale": make_product("Chè búp", seller=tea, stars=4, subgroup="Chè",
                                decision_date=date(2023, 7, 1)),          # expires 2026-07-01: within 30 days
        "not_published": make_product("Chè xanh", seller=tea, stars=3, published=False),
        "expired": make_product("Nước mắm cũ", seller=fish, stars=4, decision_date=date(2023, 1, 1)),
        "revoked": make_product("Rượu", seller=fish, stars=5, group="Đồ uống"),
        "below_three": make_product("Bánh hai sao", seller=fish, stars=2),
        "upcoming": make_product("Mắm mới", seller=fish, stars=3, decision_date=date(2026, 7, 1)),
        "undecided": make_product("Trà sen", seller=tea, certificate=False),
    }
    make_certificate(products["undecided"], status="pending")
    services.revoke(products["revoked"].current_certificate, _office_user(), "Vi phạm an toàn thực phẩm", TODAY)
    db.session.commit()
    return products


def _office_user():
    return make_user("thuhoi@ocop.gov.vn", office=True)


def _names(office, query="") -> set[str]:
    page = office.get(f"/office/products?{query}")
    assert page.status_code == 200, page.text
    return {row.split(" | ")[0] for row in _rows(page.text)}


class _Rows(HTMLParser):
    """The cells of each row of a page's table bodies."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag == "td" and self.in_body:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def _rows(html: str) -> list[str]:
    """Each table row's cells, joined by ' | ', as a reader sees them."""
    parser = _Rows()
    parser.feed(html)
    return [" | ".join(cells) for cells in parser.rows]


def test_every_product_is_listed_with_its_status_in_words(app, shelf):
    office = office_client(app)
    rows = {row.split(" | ")[0]: row for row in _rows(office.get("/office/products").text)}
    assert set(rows) == {product.name for product in shelf.values()}
    expected = {"on_sale": "Đang bán", "not_published": "Có chứng nhận, chưa đăng bán",
                "expired": "Chứng nhận đã hết hạn", "revoked": "Chứng nhận đã bị thu hồi",
                "below_three": "Dưới 3 sao, không phải OCOP", "upcoming": "Quyết định chưa đến ngày hiệu lực",
                "undecided": "Chưa có quyết định (chờ xác minh)"}
    for status, product in shelf.items():
        assert rows[product.name].endswith(expected[status]), rows[product.name]


@pytest.mark.parametrize("status", ["on_sale", "not_published", "expired", "revoked", "below_three", "upcoming",
                                    "undecided"])
def test_the_status_filter_keeps_exactly_the_products_of_that_status(app, shelf, status):
    assert _names(office_client(app), f"status={status}") == {shelf[status].name}


@pytest.mark.parametrize("query, expected", [
    ("province=an-giang", {"expired", "revoked", "below_three", "upcoming"}),
    ("commune=t%C3%A2n+c%C6%B0%C6%A1ng", {"on_sale", "not_published", "undecided"}),
    ("group=do-uong", {"revoked"}),
    ("stars=3", {"not_published", "upcoming"}),
    ("owner_type=htx", {"on_sale", "not_published", "undecided"}),
    ("expiring_within=30", {"on_sale"}),
    ("expiring_within=1095", {"on_sale", "not_published"}),
    ("q=m%E1%BA%AFm", {"expired", "upcoming"}),
    ("q=Kh%E1%BA%A3i+Ho%C3%A0n&stars=5", {"revoked"}),
])
def test_each_filter_narrows_the_database(app, shelf, query, expected):
    assert _names(office_client(app), query) == {shelf[status].name for status in expected}


def test_a_filter_the_page_never_offers_is_a_400_and_an_empty_result_says_so(app, shelf):
    office = office_client(app)
    for query in ("province=atlantis", "stars=6", "status=sold", "expiring_within=0", "group=nope",
                  "owner_type=king", "q=" + "a" * 121):
        assert office.get(f"/office/products?{query}").status_code == 400, query
    assert "Không có sản phẩm nào khớp bộ lọc này." in visible_text(office.get("/office/products?q=zzz").text)


def test_the_database_pages_thirty_products_at_a_time(app):
    seller = make_seller()
    for number in range(31):
        make_product(f"Sản phẩm {number:02d}", seller=seller, stock=0)
    office = office_client(app)
    assert len(_rows(office.get("/office/products").text)) == 30
    second = office.get("/office/products?page=2").text
    assert [row.split(" | ")[0] for row in _rows(second)] == ["Sản phẩm 30"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_filtered_database_downloads_as_a_table(app, shelf, file_format):
    table = read_table(office_client(app).get(f"/office/products?province=an-giang&format={file_format}"))
    assert table[0][:2] == ["Sản phẩm", "Cơ sở"] and table[0][-1] == "Trạng thái"
    by_name = {row[0]: row for row in table[1:]}
    assert set(by_name) == {shelf[s].name for s in ("expired", "revoked", "below_three", "upcoming")}
    assert by_name["Rượu"][-1] == "Chứng nhận đã bị thu hồi" and str(by_name["Rượu"][6]) == "5"
    assert office_client(app, "vp2@ocop.gov.vn").get("/office/products?format=pdf").status_code == 400


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_certificate_queue_downloads_as_a_table(app, shelf, file_format):
    table = read_table(office_client(app).get(f"/office/certificates?status=pending&format={file_format}"))
    assert len(table) == 2 and table[1][1] == "Trà sen"


def test_the_certificate_history_tells_first_decision_renewal_upgrade_revocation_and_lapse(app):
    product = make_product("Chè đinh", decision_date=date(2019, 1, 10), stars=3)   # expired 2022-01-10
    make_certificate(product, stars=3, decision_date=date(2022, 3, 1))             # renewed after a gap
    make_certificate(product, stars=4, decision_date=date(2024, 5, 2))             # upgraded early
    latest = make_certificate(product, stars=4, decision_date=date(2025, 1, 3))    # renewed, then revoked
    make_certificate(product, status="pending", stars=5, decision_date=date(2026, 5, 5))
    services.revoke(latest, _office_user(), "Nhãn sai sự thật", TODAY)
    db.session.commit()
    text = visible_text(office_client(app).get(f"/office/products/{product.slug}").text)
    history = text[text.index("Lịch sử chứng nhận"):]
    steps = ["Quyết định đầu tiên", "hết hạn mà không được công nhận lại", "Công nhận lại 3★", "Nâng hạng lên 4★",
             "Thay thế giấy", "Công nhận lại 4★", "bị thu hồi: Nhãn sai sự thật", "đang chờ xác minh"]
    positions = [history.index(step) for step in steps]
    assert positions == sorted(positions), history


def test_a_product_with_no_certificate_says_so(app):
    product = make_product("Trà sen", certificate=False)
    assert "Sản phẩm chưa có giấy chứng nhận nào." in office_client(app).get(f"/office/products/{product.slug}").text


FIELDS = ("stars", "decision_number", "decision_date", "expires_on", "authority", "authority_level", "status")


def _certificates() -> list[tuple]:
    return sorted((c.product.name, c.product.seller.name, c.product.seller.owner_type, c.product.seller.province,
                   c.product.group.code, c.product.subgroup and c.product.subgroup.code,
                   *(getattr(c, field) for field in FIELDS))
                  for c in db.session.scalars(select(Certificate).where(Certificate.status == "verified")))


def _empty_the_shop():
    for table in reversed(db.metadata.sorted_tables):
        if table.name != "catalog_state":
            db.session.execute(table.delete())
    db.session.commit()
    reindex()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_certificate_list_round_trips_through_ocop_import(app, runner, tmp_path, file_format):
    tea = make_seller("HTX Chè Tân Cương", province="Thái Nguyên", owner_type="htx")
    make_product("Chè búp", seller=tea, stars=4, subgroup="Chè", decision_date=date(2024, 2, 29)).gtin = GTIN
    make_product("Rượu, \"ngô\"", seller=make_seller("Hộ ông Ba", "Lào Cai", "household"), group="Đồ uống",
                 stars=3, expires_on=date(2027, 1, 1), authority="UBND huyện Bắc Hà")
    make_product("Nước mắm", seller=make_seller("Công ty Khải Hoàn", "An Giang", "enterprise"), stars=5,
                 subgroup="Gia vị", authority="Bộ NN&PTNT", decision_date=date(2025, 6, 30))
    make_certificate(make_product("Chè xanh", seller=tea, stars=3), stars=4, decision_date=date(2026, 4, 1))
    db.session.commit()
    before = _certificates()
    response = office_client(app).get(f"/office/certificates.{file_format}")
    table = read_table(response)
    assert table[0] == ["name", "producer", "owner_type", "province", "stars", "group", "subgroup",
                        "decision_number", "decision_date", "expires_on", "authority", "gtin"]
    assert [row[-1] for row in table[1:] if row[0] == "Chè búp"] == [GTIN]
    assert len(table) == 1 + len(before) == 6
    path = tmp_path / f"list.{file_format}"
    path.write_bytes(response.data)
    _empty_the_shop()
    result = runner.invoke(args=["ocop", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert _certificates() == before
    assert db.session.scalar(select(Product.gtin).where(Product.name == "Chè búp")) == GTIN


def test_the_certificate_list_leaves_out_what_is_not_a_standing_decision(app, shelf):
    table = read_table(office_client(app).get("/office/certificates.csv"))
    names = {row[0] for row in table[1:]}
    assert "Trà sen" not in names and "Rượu" not in names       # pending; revoked
    assert {"Chè búp", "Nước mắm cũ", "Bánh hai sao"} <= names     # verified, expired or not, 1–5★ as decided


def test_expiring_within_counts_the_last_day_in_force(app):
    make_product("Chè búp", decision_date=TODAY - timedelta(days=1), expires_on=TODAY + timedelta(days=10))
    office = office_client(app)
    assert _names(office, "expiring_within=10") == {"Chè búp"}
    assert _names(office, "expiring_within=9") == set()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_producer_queue_and_the_audit_log_download_as_tables(app, shelf, file_format):
    office = office_client(app)
    producers = read_table(office.get(f"/office/producers?status=verified&format={file_format}"))
    assert producers[0][0] == "Cơ sở" and {row[0] for row in producers[1:]} == {"HTX Chè Tân Cương",
                                                                                 "Công ty Khải Hoàn"}
    assert {row[-1] for row in producers[1:]} == {"Đã xác minh"}
    log = read_table(office.get(f"/office/audit?format={file_format}"))
    assert log[1][1:] == ["thuhoi@ocop.gov.vn", "Thu hồi giấy chứng nhận", log[1][3], "Vi phạm an toàn thực phẩm"]
    assert "Rượu" in log[1][3]
    assert office.get("/office/audit?format=doc").status_code == 400


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_outlets_and_their_pull_alerts_download_as_tables(app, file_format):
    product = make_product("Chè búp")
    make_outlet(stock=[(product, 3)])
    services.revoke(product.current_certificate, _office_user(), "Sai nhãn", TODAY)
    db.session.commit()
    office = office_client(app)
    outlets = read_table(office.get(f"/office/outlets/?format={file_format}"))
    assert outlets[1][:4] == ["Điểm bán OCOP Hồ Gươm", "Điểm bán OCOP", "Hà Nội", "Phường Hoàn Kiếm"]
    alerts = read_table(office.get(f"/office/alerts?format={file_format}"))
    assert len(alerts) == 2 and alerts[1][:3] == ["Chè búp", "Điểm bán OCOP Hồ Gươm", "HTX Chè Tân Cương"]
    assert str(alerts[1][6]) == "3"
    assert office.get("/office/alerts?format=txt").status_code == 400
