"""Settlement tables as the pages show them and as files: the open settlements and the paid ones, one row each."""
from flask import abort
from flask_babel import lazy_gettext as _l

from shop.clock import vietnam_day
from shop.exports import table_file

OPEN_HEADINGS = [_l("Điểm bán"), _l("Nhà sản xuất"), _l("Từ ngày"), _l("Đến ngày"), _l("Tồn đầu kỳ"), _l("Nhận"),
                 _l("Đã bán"), _l("Trả về nhà sản xuất"), _l("Hao hụt"), _l("Tồn cuối kỳ"), _l("Doanh số"),
                 _l("Tỷ lệ hoa hồng"), _l("Hoa hồng"), _l("Phải trả nhà sản xuất")]
PAID_HEADINGS = [_l("Số quyết toán"), _l("Ngày trả"), *OPEN_HEADINGS]
TABLES = ("open", "paid")


def day_of(moment):
    """The Vietnamese calendar day of a stored moment, if any."""
    return None if moment is None else vietnam_day(moment)


def _figures(row) -> list:
    """The columns every table shares: outlet, producer, period, units, money (a rate not set yet is left empty)."""
    rate = row.commission_bp
    return [row.outlet.name, row.seller.name, day_of(row.starts_at), day_of(row.ends_at), row.opening,
            row.received, row.sold, row.returned, row.lost, row.closing, row.sales_vnd,
            None if rate is None else rate / 100, row.commission_vnd, row.owed_vnd]


def export(file_format: str, table: str, name: str, open_figures: list, paid: list):
    """The open (`table` "open") or paid settlements as a CSV or XLSX file named `name`-<table>; else a 400."""
    if table not in TABLES:
        abort(400)
    if table == "paid":
        rows = [[settlement.number, day_of(settlement.paid_at), *_figures(settlement)] for settlement in paid]
        return table_file(f"{name}-paid", file_format, PAID_HEADINGS, rows)
    return table_file(f"{name}-open", file_format, OPEN_HEADINGS, [_figures(figures) for figures in open_figures])
