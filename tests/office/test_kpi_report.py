"""/office/kpis/report: the KPIs as a printable report to send upward — targets with the gap in words, the figures,
the 24-month trend and the certificates ending within 90 days, for a province or all, in both languages."""
from tests.workspace.workflow import office_client


def test_the_report_holds_targets_figures_trend_and_the_expiring_list(app, dataset):
    office = office_client(app)
    page = office.get("/office/kpis/report?as_of=2026-06-15").text
    assert "Báo cáo kết quả thực hiện: Tất cả các tỉnh" in page and "15/06/2026" in page
    assert "So với chỉ tiêu năm 2026" in page and "đã đạt chỉ tiêu 20%" in page  # 4★: 2 of 5 = 40 %
    assert "còn thiếu 3 sản phẩm có mã truy xuất để đạt 90%" in page  # ceil(0.9 × 5 − 2)
    assert "Sản phẩm được chứng nhận" in page and "Biểu đồ và xu hướng 24 tháng" in page
    listed = page[page.index('id="report-expiring-title"'):]
    assert listed.index("Chè búp") < listed.index("Khô cá")  # ends on the day, then 14 August
    assert "Mật ong" not in listed  # renewed until 2029
    assert 'data-print' in page and "Lập ngày" in page


def test_a_provinces_report_lists_only_its_producers_certificates(app, dataset):
    office = office_client(app)
    page = office.get("/office/kpis/report?as_of=2026-06-15&province=An Giang").text
    listed = page[page.index('id="report-expiring-title"'):]
    assert "Báo cáo kết quả thực hiện: An Giang" in page and "Khô cá" in listed and "Chè búp" not in listed


def test_a_report_with_nothing_expiring_says_so_in_words(app, dataset):
    page = office_client(app).get("/office/kpis/report?as_of=2025-01-15&province=Thái Nguyên").text
    assert "Không có giấy chứng nhận nào hết hạn trong 90 ngày tới." in page


def test_the_report_reads_in_english_and_refuses_a_bad_day(app, dataset):
    office = office_client(app)
    office.get("/language/en")
    page = office.get("/office/kpis/report?as_of=2026-06-15").text
    assert "Progress report: All provinces" in page and "Certificates ending in the next 90 days" in page
    assert office.get("/office/kpis/report?as_of=15-06-2026").status_code == 400
    assert office.get("/office/kpis/report?province=Atlantis").status_code == 400


def test_the_kpi_page_links_its_report_for_the_same_day_and_province(app, dataset):
    page = office_client(app).get("/office/kpis?as_of=2026-06-15&province=An Giang").text
    assert 'href="/office/kpis/report?as_of=2026-06-15&amp;province=An+Giang"' in page
