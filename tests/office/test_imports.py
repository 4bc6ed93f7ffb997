"""/office/imports: an official list uploaded on the web is previewed with nothing written, then imported once,
all rows or none, and kept in the history with who, when, the file and its counts."""
import hashlib
import io
import os
from datetime import UTC

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from shop.certification.models import Certificate
from shop.clock import VIETNAM
from shop.extensions import db
from shop.office.models import ImportRun
from tests.certification.test_importer import GOOD_ROWS, HEADER, first_row_with, row_counts
from tests.office.tables import read_table
from tests.support.pages import visible_text
from tests.workspace.workflow import office_client, post_form


def csv_bytes(rows) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    for line in [HEADER, *rows]:
        book.active.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(office, data: bytes, name="danh-sach.csv"):
    return post_form(office, "/office/imports", file=(io.BytesIO(data), name))


def staged(office, data: bytes, name="danh-sach.csv") -> ImportRun:
    """Upload `data`; the run it staged (the answer sent the clerk to its preview)."""
    answer = upload(office, data, name)
    assert answer.status_code == 303, answer.text
    run = db.session.scalar(select(ImportRun).order_by(ImportRun.id.desc()))
    assert answer.location.endswith(f"/office/imports/{run.token}")
    return run


def confirm(office, run, sha256=None):
    return post_form(office, f"/office/imports/{run.token}/confirm", f"/office/imports/{run.token}",
                     sha256=sha256 or run.sha256)


@pytest.fixture
def office(app):
    return office_client(app)


def test_a_list_with_one_bad_row_writes_nothing_and_shows_the_line(office):
    before = row_counts()
    run = staged(office, csv_bytes([GOOD_ROWS[0], first_row_with("stars", "7"), GOOD_ROWS[2]]))
    page = visible_text(office.get(f"/office/imports/{run.token}").text)
    assert "dòng 3: stars: 7 nằm ngoài 1–5" in page  # the page's language; the field is the file's column
    assert "Xác nhận nhập tất cả" not in page  # nothing to confirm
    after = row_counts()
    assert after.pop("import_run") == before.pop("import_run") + 1 and after == before  # only the upload noted
    assert confirm(office, run).status_code == 303
    assert db.session.scalar(select(func.count(Certificate.id))) == 0
    assert db.session.get(ImportRun, run.id).status == "staged"  # the refused confirm left it as it was


def test_the_problems_read_in_the_visitors_language(office):
    run = staged(office, csv_bytes([first_row_with("stars", "7"), first_row_with("decision_date", "mai")]))
    office.get("/language/en?next=/")
    page = visible_text(office.get(f"/office/imports/{run.token}").text)
    assert "line 2: stars: 7 is outside 1–5" in page
    assert "line 3: decision_date: 'mai' is not a date (use YYYY-MM-DD or DD/MM/YYYY)" in page
    office.get("/language/vi?next=/")
    page = visible_text(office.get(f"/office/imports/{run.token}").text)
    assert "dòng 3: decision_date: 'mai' không phải ngày (hãy viết YYYY-MM-DD hoặc DD/MM/YYYY)" in page


@pytest.mark.parametrize("name, encode", [("danh-sach.csv", csv_bytes), ("danh-sach.xlsx", xlsx_bytes)])
def test_a_good_list_is_previewed_then_imported_once_and_kept_in_the_history(office, name, encode):
    data = encode([GOOD_ROWS[1], GOOD_ROWS[2]])
    run = staged(office, data, name)
    counts_before = row_counts()
    page = visible_text(office.get(f"/office/imports/{run.token}").text)
    assert "Tạo mới (sản phẩm và chứng nhận) 2" in page and "Không đổi (đã ghi nhận) 0" in page
    assert row_counts() == counts_before  # the preview wrote nothing
    assert db.session.scalar(select(func.count(Certificate.id))) == 0
    answer = confirm(office, run)
    assert answer.status_code == 303 and answer.location.endswith("/office/imports")
    assert set(db.session.scalars(select(Certificate.decision_number))) == {"2890/QĐ-BNN", "45/QĐ-UBND"}
    db.session.expire_all()
    done = db.session.get(ImportRun, run.id)
    assert (done.status, done.created, done.updated, done.unchanged) == ("imported", 2, 0, 0)
    assert done.imported_by.email == "vanphong@ocop.gov.vn" and done.sha256 == hashlib.sha256(data).hexdigest()
    history = visible_text(office.get("/office/imports").text)
    assert name in history and "Văn phòng OCOP" in history
    again = confirm(office, run)  # a double click, or the back button
    assert again.status_code == 303
    assert "Danh sách này đã được nhập rồi." in visible_text(office.get(again.location).text)
    assert db.session.scalar(select(func.count(Certificate.id))) == 2


def test_the_same_file_uploaded_again_is_not_imported_twice(office):
    data = csv_bytes([GOOD_ROWS[2]])
    first = staged(office, data)
    confirm(office, first)
    second = staged(office, data)
    page = visible_text(office.get(f"/office/imports/{second.token}").text)
    assert "Không đổi (đã ghi nhận) 1" in page  # the preview says so too
    confirm(office, second)
    db.session.expire_all()
    assert db.session.get(ImportRun, second.id).status == "staged"
    assert "đã được nhập ngày" in visible_text(office.get(f"/office/imports/{second.token}").text)


def test_rows_for_products_already_certified_count_as_updated_or_unchanged(office):
    staged_first = staged(office, csv_bytes([GOOD_ROWS[2]]))
    confirm(office, staged_first)
    renewal = GOOD_ROWS[2].replace("45/QĐ-UBND,2026-02-01,2029-02-01", "46/QĐ-UBND,2026-03-01,2029-03-01")
    run = staged(office, csv_bytes([GOOD_ROWS[2], renewal, GOOD_ROWS[1]]))
    page = visible_text(office.get(f"/office/imports/{run.token}").text)
    assert "Tạo mới (sản phẩm và chứng nhận) 1" in page
    assert "Cập nhật (chứng nhận mới cho sản phẩm đã có) 1" in page and "Không đổi (đã ghi nhận) 1" in page


def test_a_file_changed_after_its_preview_is_refused(office, app):
    run = staged(office, csv_bytes([GOOD_ROWS[2]]))
    with open(os.path.join(app.instance_path, run.stored_as), "ab") as kept:
        kept.write(GOOD_ROWS[1].encode() + b"\n")
    answer = confirm(office, run)
    assert "Tệp đã thay đổi" in office.get(answer.location).text
    assert confirm(office, run, sha256="0" * 64).status_code == 303
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


@pytest.mark.parametrize("data, name", [(b"MZ\x90\x00 not a list", "danh-sach.csv"),
                                        (csv_bytes(GOOD_ROWS), "danh-sach.pdf"),
                                        (b"PK\x03\x04 a zip but no workbook", "danh-sach.xlsx"),
                                        ("name,stars\nChè,4\n".encode("utf-16"), "danh-sach.csv")])
def test_a_file_of_the_wrong_kind_is_refused_with_a_friendly_page(office, data, name):
    answer = upload(office, data, name)
    assert answer.status_code == 422
    assert "Danh sách phải là tệp .csv (UTF-8) hoặc .xlsx hợp lệ." in visible_text(answer.text)
    assert db.session.scalar(select(func.count(ImportRun.id))) == 0


def kept_files(app) -> set:
    folder = os.path.join(app.instance_path, "imports")
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def test_a_file_too_large_or_missing_is_refused(office, app):
    files = kept_files(app)
    app.config["MEDIA_MAX_BYTES"] = 1000  # small, so that the test client keeps the upload in memory
    too_large = upload(office, csv_bytes(GOOD_ROWS * 3))
    assert too_large.status_code == 422 and "Tệp quá lớn" in too_large.text
    missing = post_form(office, "/office/imports")
    assert missing.status_code == 422 and "Hãy chọn tệp danh sách." in missing.text
    assert db.session.scalar(select(func.count(ImportRun.id))) == 0
    assert kept_files(app) == files  # nothing kept from a refused upload


def test_an_unknown_token_leads_back_to_the_upload_form(office):
    answer = office.get("/office/imports/0123456789abcdef01234567")
    assert answer.status_code == 303 and answer.location.endswith("/office/imports")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_history_downloads_as_a_table_in_the_shops_time(office, file_format):
    assert "format=csv" not in office.get("/office/imports").text  # nothing imported, nothing to download
    data = csv_bytes([GOOD_ROWS[1], GOOD_ROWS[2]])
    run = staged(office, data, "danh-sach-2026.csv")
    confirm(office, run)
    assert 'href="/office/imports?format=csv"' in office.get("/office/imports").text
    table = read_table(office.get(f"/office/imports?format={file_format}"))
    assert table[0] == ["Lúc nhập", "Người nhập", "Tệp", "sha256", "Tạo mới", "Cập nhật", "Không đổi"]
    assert [str(cell) for cell in table[1][1:]] == ["vanphong@ocop.gov.vn", "danh-sach-2026.csv",
                                                    hashlib.sha256(data).hexdigest(), "2", "0", "0"]
    imported_at = db.session.get(ImportRun, run.id).imported_at
    in_vietnam = (imported_at if imported_at.tzinfo else imported_at.replace(tzinfo=UTC)).astimezone(VIETNAM)
    assert str(table[1][0])[:16] == in_vietnam.strftime("%Y-%m-%d %H:%M")
    assert office.get("/office/imports?format=ods").status_code == 400
