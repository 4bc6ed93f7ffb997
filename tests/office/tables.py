"""Reading back a table the office downloads (`?format=csv|xlsx`)."""
import csv
import io

from openpyxl import load_workbook


def read_table(response) -> list[list]:
    """The rows of a downloaded CSV (text cells) or XLSX (typed cells, empty ones as "") table, headings first."""
    assert response.status_code == 200
    if response.mimetype == "text/csv":
        return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    return [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
