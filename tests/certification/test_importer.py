"""`flask ocop import`: official certificate lists in, all rows or none."""
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.certification.models import Certificate
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.sellers.models import Seller
from tests.factories import make_seller

HEADER = ("name,producer,owner_type,province,stars,group,subgroup,decision_number,"
          "decision_date,expires_on,authority,price_vnd,stock")
GOOD_ROWS = [
    "Chè Tân Cương,HTX Chè Tân Cương,htx,Thái Nguyên,4,Thực phẩm,Chè,123/QĐ-UBND,2026-01-10,,"
    "UBND tỉnh Thái Nguyên,150000,20",
    "Nước mắm Phú Quốc,Công ty Khải Hoàn,enterprise,Kiên Giang,5,Thực phẩm,Gia vị,2890/QĐ-BNN,30/06/2025,,Bộ NN&PTNT,,",
    "Cao atiso,HTX Dược liệu Sa Pa,htx,Lào Cai,3,Thảo dược,,45/QĐ-UBND,2026-02-01,2029-02-01,UBND tỉnh Lào Cai,90000,5",
    "Bánh hai sao,Hộ bà Lan,household,Hà Tĩnh,2,Thực phẩm,,7/QĐ-UBND,2026-01-01,,UBND tỉnh Hà Tĩnh,,",
    "Mật ong cũ,HTX Ong Mật,htx,Hà Giang,4,Thực phẩm,,9/QĐ-UBND,2020-01-01,,UBND tỉnh Hà Giang,,",
]


def write_csv(tmp_path, rows, header=HEADER, name="list.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def first_row_with(field: str, value: str) -> str:
    """GOOD_ROWS[0] with one field replaced."""
    cells = GOOD_ROWS[0].split(",")
    cells[HEADER.split(",").index(field)] = value
    return ",".join(cells)


def run_import(runner, path):
    return runner.invoke(args=["ocop", "import", str(path)])


def row_counts() -> dict:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_good_list_imports_producers_products_and_verified_certificates(runner, tmp_path, today):
    result = run_import(runner, write_csv(tmp_path, GOOD_ROWS))
    assert result.exit_code == 0, result.output
    assert "5 certificate(s) imported, 5 new producer(s), 5 new product(s)" in result.output
    assert db.session.scalar(select(func.count()).where(Seller.status == "verified")) == 5
    assert set(db.session.scalars(select(Certificate.status))) == {"verified"}
    sellable_names = set(db.session.scalars(select(Product.name).where(sellable(today))))
    assert sellable_names == {"Chè Tân Cương", "Cao atiso"}  # 5★ has no price; 2★ and expired never sell


def test_import_fills_defaults_and_maps_old_names(runner, tmp_path):
    run_import(runner, write_csv(tmp_path, GOOD_ROWS))
    tea = db.session.scalar(select(Certificate).join(Certificate.product).where(Product.name == "Chè Tân Cương"))
    assert tea.expires_on == date(2029, 1, 10)  # decision date + 36 months
    assert tea.authority_level == "province"
    assert tea.product.subgroup.name == "Chè"
    fish = db.session.scalar(select(Certificate).join(Certificate.product).where(Product.name == "Nước mắm Phú Quốc"))
    assert fish.decision_date == date(2025, 6, 30) and fish.authority_level == "national"
    assert fish.product.seller.province == "An Giang"  # Kiên Giang merged into An Giang in 2025
    herbs = db.session.scalar(select(Product).where(Product.name == "Cao atiso"))
    assert herbs.group.name == "Dược liệu và sản phẩm từ dược liệu"  # Decision 1048 "Thảo dược"


def test_priced_rows_are_published_with_stock_in_the_producer_warehouse(runner, tmp_path):
    run_import(runner, write_csv(tmp_path, GOOD_ROWS[:1]))
    product = db.session.scalar(select(Product))
    level = db.session.scalar(select(StockLevel))
    movement = db.session.scalar(select(StockMovement))
    assert product.published and product.price_vnd == 150_000
    assert level.location.kind == "warehouse" and level.location.seller == product.seller
    assert level.on_hand == 20 and movement.delta == 20 and movement.reason == "import"


def test_producer_is_matched_by_name_and_province_ignoring_case_and_accents(runner, tmp_path):
    seller = make_seller("HTX Chè Tân Cương", province="Thái Nguyên")
    db.session.commit()
    row = GOOD_ROWS[0].replace("HTX Chè Tân Cương", "htx che tan cuong")
    assert run_import(runner, write_csv(tmp_path, [row])).exit_code == 0
    assert db.session.scalar(select(func.count(Seller.id))) == 1
    assert db.session.scalar(select(Product)).seller_id == seller.id


def test_importing_the_same_list_twice_adds_nothing(runner, tmp_path):
    path = write_csv(tmp_path, GOOD_ROWS)
    run_import(runner, path)
    before = row_counts()
    again = run_import(runner, path)
    assert again.exit_code == 0 and "0 certificate(s) imported" in again.output
    assert "5 already recorded" in again.output
    assert row_counts() == before


@pytest.mark.parametrize("field, value, reason", [
    ("owner_type", "cooperative", "owner_type: unknown owner type 'cooperative'"),
    ("stars", "6", "stars: 6 is outside 1–5"),
    ("stars", "0", "stars: 0 is outside 1–5"),
    ("stars", "bốn", "stars: 'bốn' is not a whole number"),
    ("decision_date", "2026-13-01", "decision_date: '2026-13-01' is not a date"),
    ("expires_on", "2025-01-01", "expires_on: 2025-01-01 is before the decision date 2026-01-10"),
    ("price_vnd", "-5", "price_vnd: '-5' is not a whole number"),
    ("price_vnd", "0", "price_vnd: must be greater than 0"),
    ("price_vnd", "12.5", "price_vnd: '12.5' is not a whole number"),
    ("province", "Narnia", "province: unknown province 'Narnia'"),
    ("group", "Điện tử", "group: unknown product group 'Điện tử'"),
    ("subgroup", "Gạo", "subgroup: 'Gạo' is not a subgroup of Thực phẩm"),
    ("name", "", "name: is required"),
])
def test_one_bad_row_among_good_ones_names_its_line_and_writes_nothing(runner, tmp_path, field, value, reason):
    path = write_csv(tmp_path, [GOOD_ROWS[1], first_row_with(field, value), GOOD_ROWS[2]])
    before = row_counts()
    result = run_import(runner, path)
    assert result.exit_code != 0
    assert f"line 3: {reason}" in result.output
    assert "nothing was imported" in result.output
    assert row_counts() == before


def test_every_bad_row_is_reported_not_just_the_first(runner, tmp_path):
    rows = [GOOD_ROWS[0].replace(",4,", ",9,"), GOOD_ROWS[1], GOOD_ROWS[2].replace("htx", "xyz")]
    result = run_import(runner, write_csv(tmp_path, rows))
    assert "line 2: stars:" in result.output and "line 4: owner_type:" in result.output


def test_missing_column_is_reported_on_the_header_line(runner, tmp_path):
    header = HEADER.replace("authority,", "")
    result = run_import(runner, write_csv(tmp_path, ["x"], header=header))
    assert result.exit_code != 0 and "line 1: header: missing column authority" in result.output


def test_other_file_types_are_refused(runner, tmp_path):
    path = tmp_path / "list.txt"
    path.write_text(HEADER)
    result = run_import(runner, path)
    assert result.exit_code != 0 and "expected a .csv or .xlsx file" in result.output


def test_xlsx_lists_import_with_date_and_number_cells(runner, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["Chè Tân Cương", "HTX Chè Tân Cương", "htx", "Thái Nguyên", 4, "Thực phẩm", "Chè",
                  "123/QĐ-UBND", date(2026, 1, 10), None, "UBND tỉnh Thái Nguyên", 150000, 20])
    path = tmp_path / "list.xlsx"
    book.save(path)
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    certificate = db.session.scalar(select(Certificate))
    assert certificate.decision_date == date(2026, 1, 10) and certificate.stars == 4
    assert certificate.product.price_vnd == 150_000


def test_a_one_row_list_reports_its_counts_as_numbers(runner, tmp_path):
    result = run_import(runner, write_csv(tmp_path, GOOD_ROWS[:1]))
    assert "1 certificate(s) imported, 1 new producer(s), 1 new product(s), 0 already recorded" in result.output


@pytest.mark.parametrize("field, value, reason", [
    ("name", "x" * 301, "name: is 301 characters long; at most 300"),
    ("decision_number", "9" * 81, "decision_number: is 81 characters long; at most 80"),
    ("producer", "HTX\x07Chuông", "producer: contains control characters"),
    ("price_vnd", "3000000000", "price_vnd: 3000000000 is more than 1000000000"),
    ("stock", "1e20", "stock: '1e20' is not a whole number"),
    ("stars", "4²", "stars: '4²' is not a whole number"),
    ("expires_on", "2099-12-31", "expires_on: 2099-12-31 is more than 36 months after the decision 2026-01-10"),
])
def test_values_that_would_not_fit_or_mislead_are_refused(runner, tmp_path, field, value, reason):
    result = run_import(runner, write_csv(tmp_path, [first_row_with(field, value)]))
    assert result.exit_code != 0 and f"line 2: {reason}" in result.output
    assert row_counts()["certificate"] == 0


def test_line_numbers_count_file_lines_even_with_a_multiline_cell(runner, tmp_path):
    multiline = GOOD_ROWS[0].replace("Chè Tân Cương,HTX", '"Chè Tân\nCương",HTX', 1)
    result = run_import(runner, write_csv(tmp_path, [multiline, GOOD_ROWS[1].replace(",5,", ",7,")]))
    assert "line 4: stars: 7 is outside 1–5" in result.output


@pytest.mark.parametrize("content, reason", [
    ("Chè Tân Cương".encode("utf-16"), "line 1: file: not UTF-8 text"),
    (HEADER.replace("name,", "name,name,").encode(), "line 1: header: column name appears more than once"),
    ((HEADER + "\n" + GOOD_ROWS[0] + ",surplus\n").encode(), "line 2: row: 14 cells but the header names 13"),
    (b"", "line 1: header: the file is empty"),
])
def test_broken_files_are_refused_with_a_line_and_a_reason(runner, tmp_path, content, reason):
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    result = run_import(runner, path)
    assert result.exit_code != 0 and reason in result.output and "Traceback" not in result.output


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(runner, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text(HEADER)
    result = run_import(runner, path)
    assert result.exit_code != 0 and "line 1: file: not a readable .xlsx workbook" in result.output


def test_a_database_failure_while_writing_leaves_nothing_behind(runner, tmp_path, monkeypatch):
    from shop.certification import importer

    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise IntegrityError("INSERT", {}, Exception("disk said no"))
        return record(*args, **kwargs)

    record = importer.record_certificate
    monkeypatch.setattr(importer, "record_certificate", fail_on_second)
    before = row_counts()
    result = run_import(runner, write_csv(tmp_path, GOOD_ROWS))
    assert result.exit_code != 0 and "nothing was imported" in result.output
    assert row_counts() == before


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_a_list_never_fills_in_a_producer_still_awaiting_the_office(runner, tmp_path, status):
    """Someone who applied under a real producer's name must not receive its products and certificates."""
    make_seller("HTX Chè Tân Cương", province="Thái Nguyên", status=status)
    before = row_counts()
    result = run_import(runner, write_csv(tmp_path, GOOD_ROWS))
    assert result.exit_code == 1
    assert f"line 2: producer: HTX Chè Tân Cương (Thái Nguyên) applied in the shop and is {status}" in result.output
    assert row_counts() == before
