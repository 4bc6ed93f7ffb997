"""Settlement tables as the pages show them and as files: the open settlements and the paid ones, one row each."""
from flask import abort
from flask_babel import lazy_gettext as _l

from shop.exports import table_file

UNIT_HEADINGS = [_l("Tồn đầu kỳ"), _l("Nhận"), _l("Đã bán"), _l("Trả nhà sản xuất"), _l("Hao hụt"), _l("Tồn cuối kỳ")]
MONEY_HEADINGS = [_l("Doanh số"), _l("Tỷ lệ hoa hồng"), _l("Hoa hồng"), _l("Trả nhà sản xuất (đồng)")]
OPEN_HEADINGS = [_l("Điểm bán"), _l("Nhà sản xuất"), *UNIT_HEADINGS, *MONEY_HEADINGS]
PAID_HEADINGS = [_l("Số quyết toán"), _l("Ngày trả"), *OPEN_HEADINGS]
TABLES = ("open", "paid")


def _figures(row) -> list:
    """The columns every table shares: outlet, producer, units, money (a rate not set yet is left empty)."""
    rate = row.commission_bp
    return [row.outlet.name, row.seller.name, row.opening,
            row.received, row.sold, row.returned, row.lost, row.closing, row.sales_vnd,
            None if rate is None else rate / 100, row.commission_vnd, row.owed_vnd]


def export(file_format: str, table: str, name: str, open_figures: list, paid: list):
    """The open (`table` "open") or paid settlements as a CSV or XLSX file named `name`-<table>; else a 400."""
    if table not in TABLES:
        abort(400)
    if table == "paid":
        rows = [[settlement.number, settlement.paid_at.date().isoformat(), *_figures(settlement)]
                for settlement in paid]
        return table_file(f"{name}-paid", file_format, PAID_HEADINGS, rows)
    return table_file(f"{name}-open", file_format, OPEN_HEADINGS, [_figures(figures) for figures in open_figures])
