"""The programme's KPI targets per province and year — the plans' defaults unless the office saved its own — and
each KPI's gap to its target: how many more products, producers or outlets it takes. docs/design.md §9."""
from dataclasses import dataclass
from math import ceil

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shop.errors import Conflict
from shop.extensions import db
from shop.formatting import share
from shop.inventory.models import KIND_LABELS
from shop.office.indicators import OUTLET_KINDS
from shop.office.models import KpiTarget
from shop.places import province_named

YEARS = (2015, 2100)  # the years a target may be set for
SHARES = {  # a share KPI → (the path to its numerator in the KPI dict, its denominator's key); no numerator: no data
    "share_4_star": (("by_stars", "4"), "certified_products"),
    "share_5_star": (("by_stars", "5"), "certified_products"),
    "share_htx": (("by_owner_type", "htx"), "producers"),
    "share_sme": (("sme_producers",), "producers"),
    "share_modern_channels": (("modern_channel_producers",), "producers"),
    "share_traceable": (("traceable_products",), "certified_products"),  # a GTIN or active serial stamps
}
COUNTS = tuple(f"outlets.{kind}" for kind in OUTLET_KINDS)  # outlets of each kind: at least this many
TARGETED = (*SHARES, *COUNTS, "districts_without_outlet")  # the last: at most this many old districts without one
# The plans' targets (Hà Tĩnh 2023–2025 for the stars, the national programme for owners and channels, Quảng Ninh
# for traceability, one sales point per former district): None → every province and the whole shop; a province →
# its own on top. Quảng Nam's outlet plan (45 sales points, 10 district, 2 provincial and 1 regional centre) goes
# to Đà Nẵng, the province it merged into on 2025-07-01. Other outlet counts have no default (no target).
DEFAULTS = {
    None: {"share_4_star": 0.20, "share_5_star": 0.05, "share_htx": 0.40, "share_sme": 0.30,
           "share_modern_channels": 0.50, "share_traceable": 0.90, "districts_without_outlet": 0},
    province_named("Quảng Nam"): {"outlets.sales_point": 45, "outlets.district_centre": 10,
                                  "outlets.provincial_centre": 2, "outlets.regional_centre": 1},
}
LABELS = {"share_4_star": _l("Tỷ lệ 4 sao"), "share_5_star": _l("Tỷ lệ 5 sao"),
          "share_htx": _l("Tỷ lệ hợp tác xã"), "share_sme": _l("Tỷ lệ doanh nghiệp nhỏ và vừa"),
          "share_modern_channels": _l("Tỷ lệ bán qua kênh hiện đại"),
          "share_traceable": _l("Có mã truy xuất (GTIN, tem điện tử)"),
          **{f"outlets.{kind}": KIND_LABELS[kind] for kind in OUTLET_KINDS},
          "districts_without_outlet": _l("Huyện cũ chưa có điểm bán")}


def defaults(province: str | None) -> dict:
    """The plans' target for every targeted KPI in `province` (None: all provinces); None where there is none."""
    plan = {**DEFAULTS[None], **(DEFAULTS.get(province, {}) if province else {})}
    return {kpi: plan.get(kpi) for kpi in TARGETED}


def _rows(province: str, year: int) -> dict:
    """The saved KpiTarget rows of `province` and `year`, by KPI."""
    return {row.kpi: row for row in db.session.scalars(
        select(KpiTarget).where(KpiTarget.province == province, KpiTarget.year == year))}


def saved(province: str, year: int) -> dict:
    """The targets the office saved for `province` and `year`, by KPI."""
    return {kpi: (row.value if kpi in SHARES else int(row.value)) for kpi, row in _rows(province, year).items()}


def targets_for(province: str | None, year: int) -> dict:
    """Every targeted KPI's target for `province` in `year`: the saved one, else the default (None: no target)."""
    return {**defaults(province), **(saved(province, year) if province else {})}


class TargetsClashed(Conflict):
    """Another save of the same province and year landed first; nothing of this one is kept."""


def save_targets(actor, province: str, year: int, values: dict) -> list[str]:
    """Save `values` (KPI → target; None returns it to the default) for `province` and `year`; flush. Returns the
    changes as "kpi=value" ("kpi=—" back to the default), for the audit log."""
    rows, changes = _rows(province, year), []
    for kpi in TARGETED:
        value, row = values.get(kpi), rows.get(kpi)
        if value is None and row is not None:
            db.session.delete(row)
            changes.append(f"{kpi}=—")
        elif value is not None and (row is None or row.value != value):
            row = row or KpiTarget(province=province, year=year, kpi=kpi)
            row.value, row.set_by_id = value, actor.id
            db.session.add(row)
            changes.append(f"{kpi}={value:g}")
    try:
        db.session.flush()
    except IntegrityError as clash:  # someone saved the same province and year at the same moment
        raise TargetsClashed(_l("Chỉ tiêu này vừa được lưu ở nơi khác. Hãy xem lại rồi lưu lần nữa.")) from clash
    return changes


def _path(kpis: dict, path: tuple):
    """The KPI dict's value at `path` (keys in turn), None when it has none."""
    for key in path:
        kpis = kpis.get(key) if isinstance(kpis, dict) else None
    return kpis


def _gap(kpis: dict, kpi: str, target) -> int | None:
    """How many more it takes to reach `target`, 0 once reached, None with no data or no target."""
    if target is None:
        return None
    if kpi in SHARES:
        numerator_at, denominator = SHARES[kpi]
        numerator = _path(kpis, numerator_at)
        if kpis[kpi] is None or numerator is None:
            return None
        return max(0, ceil(round(target * kpis[denominator] - numerator, 6)))  # the denominator held as it is
    if kpi == "districts_without_outlet":
        without = kpis[kpi]
        return None if without is None else max(0, len(without) - target)
    return max(0, target - _path(kpis, kpi.split(".")))


def gaps(kpis: dict, targets: dict) -> dict:
    """Each targeted KPI's gap to its target (`targets` as targets_for gives them)."""
    return {kpi: _gap(kpis, kpi, targets[kpi]) for kpi in TARGETED}


def nested(flat: dict) -> dict:
    """{"outlets.sales_point": n} → {"outlets": {"sales_point": n}}, as the KPI dict nests its outlets."""
    tree = {}
    for key, value in flat.items():
        head, _dot, tail = key.partition(".")
        if tail:
            tree.setdefault(head, {})[tail] = value
        else:
            tree[key] = value
    return tree


def against_targets(kpis: dict, province: str | None, year: int) -> dict:
    """The KPI dict's `targets` and `gaps` for `province` in `year` (nested like the KPIs themselves)."""
    targets = targets_for(province, year)
    return {"targets": nested(targets), "gaps": nested(gaps(kpis, targets))}


def shown(kpi: str, value) -> str:
    """A target or figure in the locale's words: a share as "20 %", a count as a number, None as no data."""
    if value is None:
        return _("chưa có dữ liệu")
    return share(value) if kpi in SHARES else format_decimal(value)


@dataclass
class Progress:
    """One targeted KPI on the page: its figure, its target, how far along (0–1, None: no bar) and the gap in words."""

    kpi: str
    label: str
    figure: str
    target: str
    done: float | None
    words: str


def _done(kpi: str, figure, target) -> float | None:
    """How far along the KPI is, 0 to 1, for the bar; None for no data, no target, or the districts (fewer is
    better: their words list them)."""
    if figure is None or target is None or kpi == "districts_without_outlet":
        return None
    return 1.0 if figure >= target else figure / target


_MISSING = {  # a share KPI → what is still missing, as a sentence with its number and the target
    "share_4_star": lambda n, **words: ngettext(
        "còn thiếu %(num)s sản phẩm 4★ để đạt %(target)s", "còn thiếu %(num)s sản phẩm 4★ để đạt %(target)s",
        n, **words),
    "share_5_star": lambda n, **words: ngettext(
        "còn thiếu %(num)s sản phẩm 5★ để đạt %(target)s", "còn thiếu %(num)s sản phẩm 5★ để đạt %(target)s",
        n, **words),
    "share_htx": lambda n, **words: ngettext(
        "còn thiếu %(num)s chủ thể là hợp tác xã để đạt %(target)s",
        "còn thiếu %(num)s chủ thể là hợp tác xã để đạt %(target)s", n, **words),
    "share_sme": lambda n, **words: ngettext(
        "còn thiếu %(num)s chủ thể là doanh nghiệp nhỏ và vừa để đạt %(target)s",
        "còn thiếu %(num)s chủ thể là doanh nghiệp nhỏ và vừa để đạt %(target)s", n, **words),
    "share_modern_channels": lambda n, **words: ngettext(
        "còn thiếu %(num)s chủ thể bán qua kênh hiện đại để đạt %(target)s",
        "còn thiếu %(num)s chủ thể bán qua kênh hiện đại để đạt %(target)s", n, **words),
    "share_traceable": lambda n, **words: ngettext(
        "còn thiếu %(num)s sản phẩm có mã truy xuất để đạt %(target)s",
        "còn thiếu %(num)s sản phẩm có mã truy xuất để đạt %(target)s", n, **words),
}


def gap_words(kpis: dict, kpi: str, target, gap: int | None) -> str:
    """The gap in words: what is still missing to reach the target, that it is reached, or why nothing is said."""
    if target is None:
        return _("chưa đặt chỉ tiêu")
    if gap is None:
        return _("chưa có dữ liệu")
    if gap == 0:
        return _("đã đạt chỉ tiêu %(target)s", target=shown(kpi, target))
    if kpi in SHARES:
        return _MISSING[kpi](gap, target=shown(kpi, target))
    if kpi == "districts_without_outlet":
        return ngettext("còn %(num)s huyện cũ cần có điểm bán để đạt chỉ tiêu: %(names)s",
                        "còn %(num)s huyện cũ cần có điểm bán để đạt chỉ tiêu: %(names)s", gap,
                        names=", ".join(kpis[kpi]))
    return ngettext("còn thiếu %(num)s điểm “%(kind)s” để đạt %(target)s",
                    "còn thiếu %(num)s điểm “%(kind)s” để đạt %(target)s", gap, kind=LABELS[kpi],
                    target=shown(kpi, target))


def progress(kpis: dict) -> list[Progress]:
    """Each targeted KPI of the KPI dict (with its targets and gaps) as the page shows it beside its target."""
    rows = []
    for kpi in TARGETED:
        figure = _path(kpis, kpi.split("."))
        target, gap = _path(kpis["targets"], kpi.split(".")), _path(kpis["gaps"], kpi.split("."))
        count = len(figure) if kpi == "districts_without_outlet" and figure is not None else figure
        rows.append(Progress(kpi, str(LABELS[kpi]), shown(kpi, count),
                             _("chưa đặt chỉ tiêu") if target is None else shown(kpi, target),
                             _done(kpi, count, target), gap_words(kpis, kpi, target, gap)))
    return rows
