"""Import of official OCOP certificate lists (CSV or XLSX), all rows or none.

Every row is checked before anything is written; errors read
`line N: field: reason`, counting the header as line 1, in the reader's language (lazy strings).
"""
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from shop.catalog.editing import set_gtin
from shop.catalog.gtin import GtinInvalid, normalized
from shop.catalog.models import Product
from shop.catalog.services import ensure_groups, find_group, find_or_create_product, find_subgroup
from shop.certification.models import Certificate
from shop.certification.services import default_expiry, record_certificate
from shop.certification.table_files import ListRejected, problem
from shop.extensions import db
from shop.inventory.services import fulfilment_location, receive_stock
from shop.places import province_named
from shop.sellers.models import OWNER_TYPES, Seller
from shop.sellers.services import find_or_create_seller, find_seller
from shop.text import fold

REQUIRED_COLUMNS = ("name", "producer", "owner_type", "province", "stars", "group", "subgroup",
            "decision_number", "decision_date", "expires_on", "authority")
OWNER_TYPE_NAMES = {
    "hop tac xa": "htx", "to hop tac": "tht", "doanh nghiep": "enterprise", "cong ty": "enterprise",
    "ho kinh doanh": "household", "ho san xuat": "household", "ho san xuat, kinh doanh": "household",
}
_THOUSANDS = re.compile(r"^[0-9]{1,3}([.,\s][0-9]{3})+$")
_DIGITS = re.compile(r"[0-9]{1,15}")
MAX_PRICE_VND = 1_000_000_000
MAX_STOCK = 1_000_000


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
    gtin: str | None = None


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
    raise ValueError(_l("%(value)s không phải ngày (hãy viết YYYY-MM-DD hoặc DD/MM/YYYY)", value=repr(text)))


def parse_count(value, *, positive: bool, most: int) -> int:
    """A whole number up to `most` from a cell: 150000, "150000", "150.000" (thousands separators)."""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if _THOUSANDS.match(text):
        text = re.sub(r"[.,\s]", "", text)
    if not _DIGITS.fullmatch(text):
        raise ValueError(_l("%(value)s không phải số nguyên", value=repr(text[:40])))
    number = int(text)
    if positive and number <= 0:
        raise ValueError(_l("phải lớn hơn 0"))
    if number > most:
        raise ValueError(_l("%(number)s lớn hơn %(most)s", number=number, most=most))
    return number


def _owner_type(value) -> str:
    key = fold(str(value))
    if key in OWNER_TYPES:
        return key
    if key in OWNER_TYPE_NAMES:
        return OWNER_TYPE_NAMES[key]
    raise ValueError(_l("loại chủ thể %(value)s không có (dùng một trong %(types)s)", value=repr(value),
                        types=", ".join(OWNER_TYPES)))


def _stars(value) -> int:
    stars = parse_count(value, positive=False, most=99)
    if not 1 <= stars <= 5:
        raise ValueError(_l("%(stars)s nằm ngoài 1–5", stars=stars))
    return stars


def _province(value) -> str:
    province = province_named(str(value))
    if province is None:
        raise ValueError(_l("không có tỉnh %(value)s", value=repr(value)))
    return province


def _group(value):
    group = find_group(str(value))
    if group is None:
        raise ValueError(_l("không có nhóm sản phẩm %(value)s (dùng tên theo Quyết định 148 hoặc 1048)",
                            value=repr(value)))
    return group


def _gtin(value) -> str:
    """A GTIN-13 from a cell (a spreadsheet may hold it as a number); ValueError with the reason if malformed."""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    try:
        return normalized(text)
    except GtinInvalid as refused:
        raise ValueError(refused.problem) from None


def _text(column):
    """A parser for required text that must fit `column` and hold no control characters."""
    def parse(value) -> str:
        text = " ".join(str(value).split())
        if not text:
            raise ValueError(_l("không được để trống"))
        if any(unicodedata.category(char) == "Cc" for char in text):
            raise ValueError(_l("có ký tự điều khiển"))
        if len(text) > column.type.length:
            raise ValueError(_l("dài %(length)s ký tự; tối đa %(most)s", length=len(text), most=column.type.length))
        return text
    return parse


def _optional(parser):
    return lambda value: parser(value) if str(value).strip() else None


_FIELDS = {
    "name": _text(Product.name), "producer": _text(Seller.name), "owner_type": _owner_type,
    "province": _province, "stars": _stars, "group": _group,
    "decision_number": _text(Certificate.decision_number), "decision_date": parse_date,
    "expires_on": _optional(parse_date), "authority": _text(Certificate.authority),
    "price_vnd": _optional(lambda v: parse_count(v, positive=True, most=MAX_PRICE_VND)),
    "stock": _optional(lambda v: parse_count(v, positive=False, most=MAX_STOCK)),
    "gtin": _optional(_gtin),
}


def check_row(line: int, raw: dict) -> tuple[CertificateRow | None, list[str]]:
    """Parse one row; returns the row, or None and its `line N: field: reason` errors."""
    values, errors = {}, [raw["__extra__"]] if "__extra__" in raw else []
    for field, parser in _FIELDS.items():
        try:
            values[field] = parser(raw.get(field, ""))
        except ValueError as refused:
            errors.append(problem(line, field, refused.args[0]))
    subgroup_name = str(raw.get("subgroup", "")).strip()
    values["subgroup"] = None
    if subgroup_name and values.get("group"):
        values["subgroup"] = find_subgroup(values["group"], subgroup_name)
        if values["subgroup"] is None:
            errors.append(problem(line, "subgroup", _l("%(value)s không phải nhóm con của %(group)s",
                                                        value=repr(subgroup_name), group=values["group"].name)))
    errors += _cross_field_errors(line, values)
    if errors:
        return None, errors
    values["stock"] = values["stock"] or 0
    return CertificateRow(line=line, **values), []


def _cross_field_errors(line: int, values: dict) -> list[str]:
    errors = []
    decided, expires = values.get("decision_date"), values.get("expires_on")
    if decided and expires and expires < decided:
        errors.append(problem(line, "expires_on", _l("%(expires)s trước ngày quyết định %(decided)s",
                                                    expires=expires, decided=decided)))
    if decided and expires and expires > default_expiry(decided):
        errors.append(problem(line, "expires_on", _l("%(expires)s quá 36 tháng sau quyết định %(decided)s",
                                                    expires=expires, decided=decided)))
    if values.get("stock") and "price_vnd" in values and values["price_vnd"] is None:
        errors.append(problem(line, "stock", _l("cần có price_vnd thì mới bán được hàng tồn")))
    return errors


def check_table(rows: list[tuple[int, dict]]) -> list[CertificateRow]:
    """Check every (line, row); raise ListRejected with all errors if any row is bad."""
    ensure_groups()
    checked, errors = [], []
    for line, raw in rows:
        row, row_errors = check_row(line, raw)
        errors += row_errors
        if row:
            checked.append(row)
    errors += _repeated_gtins(checked)
    if errors:
        raise ListRejected(errors)
    if not checked:
        raise ListRejected([problem(2, "rows", _l("danh sách không có dòng chứng nhận nào"))])
    return checked


def _repeated_gtins(rows: list[CertificateRow]) -> list[str]:
    """A GTIN given to two different products in the same list (the same product on two rows may repeat it)."""
    first = {}
    errors = []
    for row in rows:
        if row.gtin:
            seen = first.setdefault(row.gtin, row)
            if (seen.name, seen.producer, seen.province) != (row.name, row.producer, row.province):
                errors.append(f"line {row.line}: gtin: {row.gtin} is also on line {seen.line}, another product")
    return errors


def write_rows(rows: list[CertificateRow], *, by=None, reference: str = "import") -> Counter:
    """Write checked rows: producers, products, certificates, prices and stock; counts what was new.

    A certificate already recorded (same product and decision number) is skipped
    with everything on its row, so importing the same list twice adds nothing.
    """
    _refuse_unverified_producers(rows)
    counts = Counter()
    for row in rows:
        seller, new_seller = find_or_create_seller(row.producer, row.owner_type, row.province, verified_by=by)
        product, new_product = find_or_create_product(seller, row.name, row.group, row.subgroup)
        counts["producers"] += int(new_seller)
        counts["products"] += int(new_product)
        if row.gtin and product.gtin != row.gtin:
            _give_gtin(product, row)
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
            receive_stock(fulfilment_location(product), product, row.stock, reason="import",
                          reference=f"{reference}:{row.line}", user_id=by and by.id)
    db.session.flush()
    return counts


def _give_gtin(product, row: CertificateRow) -> None:
    """The row's GTIN on its product, the list refused if another product already carries it."""
    try:
        set_gtin(product, row.gtin)
    except GtinInvalid as refused:
        raise ListRejected([f"line {row.line}: gtin: {refused.problem}"]) from None


def _refuse_unverified_producers(rows: list[CertificateRow]) -> None:
    """An official list never fills in a producer someone applied for in the shop but the office has not
    verified: that applicant would otherwise receive the real producer's products and certificates."""
    errors = []
    for row in rows:
        seller = find_seller(row.producer, row.province)
        if seller is not None and seller.status != "verified":
            errors.append(problem(row.line, "producer", _l(
                "%(producer)s (%(province)s) đã đăng ký trên sàn và đang ở trạng thái %(status)s; hãy duyệt hoặc "
                "từ chối hồ sơ đó ở /office/producers trước", producer=row.producer, province=row.province,
                status=seller.status)))
    if errors:
        raise ListRejected(errors)


def _already_recorded(product, decision_number: str) -> bool:
    return db.session.scalar(
        select(Certificate.id).where(Certificate.product_id == product.id,
                                     Certificate.decision_number == decision_number)
    ) is not None
