"""/office/kpis: the programme's KPIs as of a date (`as_of`, default today) for a province or the whole shop, as a
page with SVG charts, JSON (documented in README.md for systems that read it), CSV or XLSX, with the 24-month trend,
each targeted KPI beside its target for `as_of`'s year (shop/office/kpi_targets.py); /office/kpis/report prints
them with the certificates expiring, to send upward."""
from datetime import date

from flask import Blueprint, abort, jsonify, render_template, request

from shop.accounts.access import requires
from shop.clock import today
from shop.exports import FORMATS, table_file
from shop.extensions import db
from shop.inventory.models import KIND_LABELS
from shop.office.charts import kpi_charts
from shop.office.indicators import kpis as figures
from shop.office.kpi_targets import against_targets, progress
from shop.office.reminders import expiring_certificates
from shop.office.trend import trend
from shop.places import PROVINCES, province_named
from shop.sellers.models import OWNER_TYPES

bp = Blueprint("kpis", __name__, url_prefix="/kpis")
REPORT_EXPIRING_DAYS = 90  # the report lists the certificates ending this many days after its day
REPORT_EXPIRING_MOST = 200  # and at most this many of them (the figures count them all)


@bp.get("")
@requires("office")
def kpis():
    file_format = request.args.get("format", "html")
    if file_format not in ("html", "json", *FORMATS):
        abort(400)
    values = _values(_as_of(), _province())
    if file_format == "json":
        return jsonify(values)
    if file_format in FORMATS:
        return table_file(f"ocop-kpi-{values['as_of']}", file_format, ["kpi", "value"], list(_flat(values)))
    return render_template("office/kpis.html", provinces=PROVINCES, **_page(values))


@bp.get("/report")
@requires("office")
def report():
    """The KPIs as a report to print and send upward: targets, figures, trend and the certificates expiring."""
    day, province = _as_of(), _province()
    values = _values(day, province)
    expiring = db.session.scalars(expiring_certificates(day, REPORT_EXPIRING_DAYS, province)
                                  .limit(REPORT_EXPIRING_MOST + 1)).all()
    return render_template("office/kpi_report.html", expiring=expiring[:REPORT_EXPIRING_MOST],
                           more_expiring=len(expiring) > REPORT_EXPIRING_MOST, within=REPORT_EXPIRING_DAYS,
                           day=day, printed_on=today(), **_page(values))


def _values(day: date, province: str | None) -> dict:
    """The KPIs as of `day` in `province` with their 24-month trend, targets for the year and gaps."""
    values = {**figures(day, province), "trend": trend(day, province)}
    return values | against_targets(values, province, day.year)


def _page(values: dict) -> dict:
    """What the KPI page and its report show beside the figures: progress against targets, charts, table rows."""
    share_targets = {stars: values["targets"][f"share_{stars}_star"] for stars in ("4", "5")}
    return {"kpis": values, "progress": progress(values), "charts": kpi_charts(values, share_targets),
            "owner_type_rows": [(OWNER_TYPES[kind], n) for kind, n in values["by_owner_type"].items()],
            "outlet_rows": [(KIND_LABELS[kind], n) for kind, n in values["outlets"].items()]}


def _as_of() -> date:
    """The `as_of` day asked for (ISO), today when none; a malformed one is a 400."""
    raw = request.args.get("as_of", "")
    if not raw:
        return today()
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else abort(400)
    except ValueError:
        abort(400)


def _province() -> str | None:
    """The province asked for (by name, as places.province_named reads it), None for all; an unknown one is a 400."""
    raw = request.args.get("province", "").strip()
    if not raw:
        return None
    return province_named(raw) or abort(400)


def _flat(values: dict, prefix: str = ""):
    """(key, value) rows of the KPI dict, nested keys joined by dots ("by_stars.4"); no data is an empty cell."""
    for key, value in values.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield [f"{prefix}{key}", "" if value is None else (", ".join(value) if isinstance(value, list) else value)]
