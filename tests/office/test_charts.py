"""The KPI page's SVG charts: geometry proportional to the values, an empty state instead of a division by zero,
well-formed SVG with a title, a description and escaped labels, and a table twin beside each chart."""
import xml.etree.ElementTree as ET

from flask import render_template_string
from flask_babel import force_locale

from shop.office.charts import BOTTOM, bars, grouped_bars, lines, nice_top, short_month
from tests.workspace.workflow import office_client

SVG = "{http://www.w3.org/2000/svg}"
DRAW = '{% from "office/_charts.html" import svg %}{{ svg(chart, "c", title, "desc", "number", "Trống") }}'


def test_bar_heights_are_proportional_and_stand_on_the_axis():
    chart = bars([("3★", 2), ("4★", 4), ("5★", 1)])
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == 2 * heights[0] == 4 * heights[2] > 0
    assert all(round(bar.y + bar.height, 1) == BOTTOM for bar in chart.bars)
    assert [label for _, label in chart.labels] == ["3★", "4★", "5★"] and chart.ticks[-1][1] == 5


def test_nothing_to_draw_is_none_not_a_division_by_zero():
    assert bars([("3★", 0), ("4★", 0), ("5★", 0)]) is None and bars([]) is None
    assert grouped_bars(["01/26", "02/26"], [[0, 0], [0, 0]]) is None
    assert lines(["01/26", "02/26"], [("share", [None, None], 0.2)]) is None
    assert lines(["01/26"], [("products", [0], None)]) is None


def test_grouped_bars_sit_side_by_side_and_lines_skip_months_with_no_value():
    chart = grouped_bars(["01/26", "02/26"], [[100, 300], [200, 0]])
    online, outlets = chart.bars[:2], chart.bars[2:]
    assert online[0].x + online[0].width == outlets[0].x and online[1].height == 3 * online[0].height
    assert (outlets[1].height, chart.ticks[-1][1]) == (0, 500)
    shares = lines(["a", "b", "c"], [("share", [0.1, None, 0.2], 0.25)], whole=False)
    line = shares.lines[0]
    assert [value for _, value in shares.ticks] == [0, 0.125, 0.25]
    assert [value for _, value in lines(["a", "b"], [("products", [1, 1], None)]).ticks] == [0, 1]  # no ½ product
    (_, first), (_, last) = line.points  # the month with no value is left out
    assert round(first - line.target_y, 1) == round(1.5 * (first - last), 1)  # 0.1 → 0.25 is 1.5 × 0.1 → 0.2
    assert [label for _, label in lines([str(n) for n in range(24)], [("n", [1] * 24, None)]).labels][-1] == "23"


def test_the_scale_top_is_a_round_number():
    assert [nice_top(value) for value in (1, 3, 7, 0.17, 0.05, 1234)] == [1, 5, 10, 0.2, 0.05, 2000]
    assert short_month("2025-07") == "07/25"


def test_the_svg_is_well_formed_titled_and_escapes_its_labels(app):
    with app.test_request_context():
        page = render_template_string(DRAW, chart=bars([("<script>alert(1)</script>", 3), ("Đồ uống", 1)]),
                                      title="Nhóm <b>")
        empty = render_template_string(DRAW, chart=None, title="x")
    svg = ET.fromstring(page.strip())
    assert svg.get("role") == "img" and svg.get("viewBox") == "0 0 320 210"
    assert svg.find(f"{SVG}title").text == "Nhóm <b>" and svg.find(f"{SVG}desc").text == "desc"
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<svg" not in empty and "Trống" in empty


def test_the_page_has_each_chart_with_its_table_twin(app, dataset):
    office = office_client(app)
    page = office.get("/office/kpis?as_of=2026-06-15").text
    charts = page[page.index('<section class="kpi-charts"'):]
    charts = charts[:charts.index("</section>") + len("</section>")]
    section = ET.fromstring(charts.replace("&nbsp;", " "))
    figures = section.findall("figure")
    assert len(figures) == 4
    for figure in figures:
        assert figure.find("details/summary").text == "Bảng số liệu" and figure.find(".//table") is not None
        assert figure.find(f"{SVG}svg") is not None or figure.find("p[@class='chart-empty']") is not None
    trend_table = figures[1].find(".//table")
    assert len(trend_table.findall("tbody/tr")) == 24
    assert [cell.text for cell in trend_table.findall("tbody/tr")[-1]] == [
        "2026-06", "2026-06-15", "5", "2", "2", "1", "3", "33,3%"]
    assert [cell.text for cell in figures[2].findall(".//tbody/tr")[-1]] == ["2026-06", "40%", "20%"]
    assert "Mục tiêu 20%" in charts and "Mục tiêu 5%" in charts  # the plans' 4★ and 5★ targets, drawn


def test_an_empty_shop_says_there_is_nothing_to_draw(app):
    office = office_client(app)
    page = office.get("/office/kpis?as_of=2026-06-15").text
    assert page.count("Chưa có số liệu để vẽ biểu đồ.") == 4 and "<svg class=\"chart\"" not in page


def test_money_on_the_scale_is_short_enough_to_fit_left_of_the_axis(app):
    draw = DRAW.replace('"number"', '"vnd"')
    chart = grouped_bars(["05/26", "06/26"], [[0, 310_000], [1_200_000, 0]])
    with app.test_request_context():
        ticks = [text.text for text in ET.fromstring(render_template_string(draw, chart=chart, title="x").strip())
                 .iter(f"{SVG}text") if text.get("class") == "chart-tick"]
    assert [tick.replace("\xa0", " ") for tick in ticks] == ["0 ₫", "1 Tr ₫", "2 Tr ₫"]  # not "2.000.000 ₫", off
    # the chart's left edge; the spaces do not break
    assert all(len(tick) <= 7 for tick in ticks)
    with app.test_request_context(), force_locale("en"):
        assert render_template_string("{{ 250000|vnd_short }}") == "₫250K"
