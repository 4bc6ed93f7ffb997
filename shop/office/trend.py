"""The KPIs' 24-month trend: the key figures as of each month end (the last point `day` itself), from certificate
validity alone — the same `indicators.certified_on` rule, run once over every month end. docs/design.md §9."""
from calendar import monthrange
from collections import defaultdict
from datetime import date

from sqlalchemy import Date, literal, select, union_all

from shop.certification.models import Certificate
from shop.extensions import db
from shop.office.indicators import certified_figures, certified_on, months_up_to, owner_figures
from shop.sellers.models import Seller

TREND_MONTHS = 24
TREND_KEYS = ("certified_products", "by_stars", "share_4_star", "share_5_star", "producers", "share_htx")


def month_ends(day: date, months: int = TREND_MONTHS) -> dict[str, date]:
    """{"YYYY-MM": the day the point stands for}: each month's last day, `day` itself for its own month."""
    ends = {}
    for month in months_up_to(day, months):
        year, number = int(month[:4]), int(month[5:])
        ends[month] = date(year, number, monthrange(year, number)[1])
    ends[months_up_to(day, 1)[0]] = day
    return ends


def trend(day: date, province: str | None, months: int = TREND_MONTHS) -> dict:
    """{"YYYY-MM": {"as_of", *TREND_KEYS}} oldest first: each point is what kpis(as_of, province) gives for them."""
    ends = month_ends(day, months)
    days = union_all(*(select(literal(end, Date).label("day")) for end in ends.values())).subquery("month_end")
    query = certified_on(days.c.day, province).with_only_columns(
        days.c.day, Certificate.stars, Seller.id, Seller.owner_type, Seller.enterprise_size)  # plain rows: fast
    rows = defaultdict(list)
    for row in db.session.execute(query):
        rows[row.day].append(row)
    return {month: _point(end, rows[end]) for month, end in ends.items()}


def _point(end: date, rows: list) -> dict:
    """One point of the trend: the figures of the products certified on `end` (`rows` of stars and producer)."""
    producers = {row.id: row for row in rows}.values()
    figures = {**certified_figures([row.stars for row in rows]), **owner_figures(producers)}
    return {"as_of": end.isoformat(), **{key: figures[key] for key in TREND_KEYS}}
