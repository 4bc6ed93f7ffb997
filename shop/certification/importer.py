"""Import of official OCOP certificate lists (CSV or XLSX), all rows or none.

Every row is checked before anything is written; errors read
`line N: field: reason`, counting the header as line 1.
"""
import csv
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from shop.catalog.services import ensure_groups, find_group, find_or_create_product, find_subgroup
from shop.certification.models import Certificate
from shop.certification.services import record_certificate
from shop.extensions import db
from shop.inventory.services import receive_stock, warehouse_of
from shop.places import province_named
from shop.sellers.models import OWNER_TYPES
from shop.sellers.services import find_or_create_seller
from shop.text import fold

REQUIRED = ("name", "producer", "owner_type", "province", "stars", "group", "subgroup",
            "decision_number", "decision_date", "expires_on", "authority")
OPTIONAL = ("price_vnd", "stock")
OWNER_TYPE_NAMES = {
    "hop tac xa": "htx", "to hop tac": "tht", "doanh nghiep": "enterprise", "cong ty": "enterprise",
    "ho kinh doanh": "household", "ho san xuat": "household", "ho san xuat, kinh doanh": "household",
}
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


class ListRejected(Exception):
    """The list cannot be imported; `errors` holds one `line N: field: reason` per problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class CertificateRow:
    """One checked row of a certificate list, ready to write."""

    line: int
    name: str
    producer: str
    owner_type: str
    province: str
    stars: int
    group: object
    subgroup: object
    decision_number: str
    decision_date: date
    expires_on: date | None
    authority: str
    price_vnd: int | None = None
    stock: int = 0
    status: str = "verified"
    note: str | None = None


def read_table(path: Path) -> list[dict]:
    """The rows of a .csv or .xlsx file as dicts keyed by the header row."""
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    if path.suffix.lower() != ".csv":
        raise ListRejected([f"line 0: file: expected a .csv or .xlsx file, got {path.name!r}"])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        return _as_dicts(list(reader))


def _read_xlsx(path: Path) -> list[dict]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    return _as_dicts([list(row) for row in sheet.iter_rows(values_only=True)])


def _as_dicts(table: list[list]) -> list[dict]:
    if not table:
        raise ListRejected(["line 1: header: the file is empty"])
    header = [str(cell or "").strip().lower() for cell in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ListRejected([f"line 1: header: missing column {column}" for column in missing])
    rows = []
    for cells in table[1:]:
        values = ["" if cell is None else cell for cell in cells]
        if any(str(value).strip() for value in values):
            rows.append(dict(zip(header, values)))
        else:
            rows.append(None)  # a blank line still counts for line numbers
    return rows


def parse_date(value) -> date:
    """A date from YYYY-MM-DD, DD/MM/YYYY or a spreadsheet date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def parse_count(value, *, positive: bool) -> int:
    """A whole number from a cell: 150000, "150000", "150.000" (thousands separators)."""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if _THOUSANDS.match(text):
        text = re.sub(r"[.,\s]", "", text)
    if not text.isdigit():
        raise ValueError(f"{text!r} is not a whole number")
    number = int(text)
    if positive and number <= 0:
        raise ValueError("must be greater than 0")
    return number


def _owner_type(value) -> str:
    key = fold(str(value))
    if key in OWNER_TYPES:
        return key
    if key in OWNER_TYPE_NAMES:
        return OWNER_TYPE_NAMES[key]
    raise ValueError(f"unknown owner type {value!r} (use one of {', '.join(OWNER_TYPES)})")


def _stars(value) -> int:
    stars = parse_count(value, positive=False)
    if not 1 <= stars <= 5:
        raise ValueError(f"{stars} is outside 1–5")
    return stars


def _province(value) -> str:
    province = province_named(str(value))
    if province is None:
        raise ValueError(f"unknown province {value!r}")
    return province


def _group(value):
    group = find_group(str(value))
    if group is None:
        raise ValueError(f"unknown product group {value!r} (Decision 148 or 1048 names)")
    return group


def _text(value) -> str:
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("is required")
    return text


def _optional(parser):
    return lambda value: parser(value) if str(value).strip() else None


_FIELDS = {
    "name": _text, "producer": _text, "owner_type": _owner_type, "province": _province,
    "stars": _stars, "group": _group, "decision_number": _text, "decision_date": parse_date,
    "expires_on": _optional(parse_date), "authority": _text,
    "price_vnd": _optional(lambda v: parse_count(v, positive=True)),
    "stock": _optional(lambda v: parse_count(v, positive=False)),
}


def check_row(line: int, raw: dict) -> tuple[CertificateRow | None, list[str]]:
    """Parse one row; returns the row, or None and its `line N: field: reason` errors."""
    values, errors = {}, []
    for field, parser in _FIELDS.items():
        try:
            values[field] = parser(raw.get(field, ""))
        except ValueError as problem:
            errors.append(f"line {line}: {field}: {problem}")
    subgroup_name = str(raw.get("subgroup", "")).strip()
    values["subgroup"] = None
    if subgroup_name and values.get("group"):
        values["subgroup"] = find_subgroup(values["group"], subgroup_name)
        if values["subgroup"] is None:
            errors.append(f"line {line}: subgroup: {subgroup_name!r} is not a subgroup of {values['group'].name}")
    errors += _cross_field_errors(line, values)
    if errors:
        return None, errors
    values["stock"] = values["stock"] or 0
    return CertificateRow(line=line, **values), []


def _cross_field_errors(line: int, values: dict) -> list[str]:
    errors = []
    decided, expires = values.get("decision_date"), values.get("expires_on")
    if decided and expires and expires < decided:
        errors.append(f"line {line}: expires_on: {expires} is before the decision date {decided}")
    if values.get("stock") and "price_vnd" in values and values["price_vnd"] is None:
        errors.append(f"line {line}: stock: stock needs a price_vnd to be sold")
    return errors


def check_table(rows: list[dict | None]) -> list[CertificateRow]:
    """Check every row (line 2 onwards); raise ListRejected with all errors if any row is bad."""
    ensure_groups()
    checked, errors = [], []
    for line, raw in enumerate(rows, start=2):
        if raw is None:
            continue
        row, row_errors = check_row(line, raw)
        errors += row_errors
        if row:
            checked.append(row)
    if errors:
        raise ListRejected(errors)
    if not checked:
        raise ListRejected(["line 2: rows: the list has no certificate rows"])
    return checked


def write_rows(rows: list[CertificateRow], *, by=None, reference: str = "import") -> Counter:
    """Write checked rows: producers, products, certificates, prices and stock; counts what was new.

    A certificate already recorded (same product and decision number) is skipped
    with everything on its row, so importing the same list twice adds nothing.
    """
    counts = Counter()
    for row in rows:
        seller, new_seller = find_or_create_seller(row.producer, row.owner_type, row.province, verified_by=by)
        product, new_product = find_or_create_product(seller, row.name, row.group, row.subgroup)
        counts.update(producers=new_seller, products=new_product)
        if _already_recorded(product, row.decision_number):
            counts["skipped"] += 1
            continue
        record_certificate(product, stars=row.stars, decision_number=row.decision_number,
                           decision_date=row.decision_date, expires_on=row.expires_on,
                           authority=row.authority, status=row.status, verified_by=by, note=row.note)
        counts["certificates"] += 1
        if row.price_vnd:
            product.price_vnd, product.published = row.price_vnd, True
        if row.stock:
            receive_stock(warehouse_of(seller), product, row.stock, reason="import",
                          reference=f"{reference}:{row.line}", user_id=by and by.id)
    db.session.flush()
    return counts


def _already_recorded(product, decision_number: str) -> bool:
    return db.session.scalar(
        select(Certificate.id).where(Certificate.product_id == product.id,
                                     Certificate.decision_number == decision_number)
    ) is not None
