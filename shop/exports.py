"""Tables as files to download: CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese) or
XLSX (openpyxl)."""
import csv
import io

from flask import Response, abort

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def table_file(name: str, file_format: str, headings: list, rows: list[list]) -> Response:
    """The table (headings, then rows of text or numbers) as `name`.csv or `name`.xlsx; another format is a 400."""
    if file_format not in FORMATS:
        abort(400)
    data = _xlsx(headings, rows) if file_format == "xlsx" else _csv(headings, rows)
    return Response(data, content_type=FORMATS[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{file_format}"'})


def _csv(headings: list, rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(heading) for heading in headings])
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(headings: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([str(heading) for heading in headings])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
