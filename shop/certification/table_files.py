"""Reading a certificate list file (.csv in UTF-8, or .xlsx) into numbered rows.

Problems with the file itself are reported like row errors, as
`line N: file|header|row: reason`, so an office clerk reads one kind of message (in the reader's language: the
words are lazy strings; the field is the column name, as the file says it).
"""
import csv
import zipfile
from pathlib import Path

from flask_babel import lazy_gettext as _l

from shop.errors import Invalid


def problem(line: int, field: str, reason) -> str:
    """`line N: field: reason`, translated when it is shown (`reason` may itself be a lazy string)."""
    return _l("dòng %(line)s: %(field)s: %(reason)s", line=line, field=field, reason=reason)


class ListRejected(Invalid):
    """The list cannot be imported; `errors` holds one `line N: field: reason` per problem (the CLI prints them)."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


def read_table(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """(line number, {column: value}) for each non-blank row under the header; the header is line 1."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        lines = _xlsx_lines(path)
    elif suffix == ".csv":
        lines = _csv_lines(path)
    else:
        raise ListRejected([problem(1, "file", _l("cần tệp .csv hoặc .xlsx, không phải %(name)s",
                                                   name=repr(path.name)))])
    if not lines:
        raise ListRejected([problem(1, "header", _l("tệp trống"))])
    header = _check_header(lines[0][1], required)
    return [(line, _row(line, header, cells)) for line, cells in lines[1:] if _has_content(cells)]


def _csv_lines(path: Path) -> list[tuple[int, list]]:
    lines, start = [], 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            for cells in reader:
                lines.append((start, cells))
                start = reader.line_num + 1  # a quoted cell may span several lines
    except UnicodeDecodeError:
        not_utf8 = _l("không phải văn bản UTF-8; hãy lưu danh sách dạng “CSV UTF-8”")
        raise ListRejected([problem(start, "file", not_utf8)]) from None
    except csv.Error as broken:
        raise ListRejected([problem(start, "file", _l("CSV hỏng (%(detail)s)", detail=str(broken)))]) from None
    return lines


def _xlsx_lines(path: Path) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ListRejected([problem(1, "file", _l("không đọc được tệp .xlsx"))]) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        return [(number, list(cells)) for number, cells in enumerate(rows, start=1)]
    finally:
        book.close()


def _check_header(cells: list, required: tuple[str, ...]) -> list[str]:
    header = [str(cell or "").strip().lower() for cell in cells]
    while header and not header[-1]:
        header.pop()
    errors = [problem(1, "header", _l("thiếu cột %(column)s", column=column))
              for column in required if column not in header]
    errors += [problem(1, "header", _l("cột %(column)s xuất hiện nhiều lần", column=column))
               for column in sorted({c for c in header if c and header.count(c) > 1})]
    if errors:
        raise ListRejected(errors)
    return header


def _has_content(cells: list) -> bool:
    return any(str(cell).strip() for cell in cells if cell is not None)


def _row(line: int, header: list[str], cells: list) -> dict:
    values = ["" if cell is None else cell for cell in cells]
    extra = [value for value in values[len(header):] if str(value).strip()]
    row = dict(zip(header, values, strict=False))  # a short row leaves its last columns empty
    if extra:
        row["__extra__"] = problem(line, "row", _l("%(cells)s ô nhưng dòng tiêu đề có %(columns)s cột",
                                                    cells=len(header) + len(extra), columns=len(header)))
    return row
