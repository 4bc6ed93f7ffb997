"""Geometry of the KPI page's server-side SVG charts (pure functions; shop/templates/office/_charts.html draws
them): bars, grouped bars and lines in a WIDTH × HEIGHT viewBox, with a 0 / half / top value scale. A chart with
nothing to draw is None, and the page says so in words."""
from dataclasses import dataclass
from math import ceil, log10

WIDTH, HEIGHT = 320, 210
LEFT, TOP, RIGHT, BOTTOM = 56, 16, 312, 172  # the plotting area, in viewBox units
INSET = 22  # lines start and end this far inside the plot, so the first and last month's labels fit
X_LABELS = 4  # at most this many labels under the x axis (they must stay ≥ 12 px on a phone)


@dataclass(frozen=True)
class Bar:
    """One bar: its category label, value and rectangle; `series` picks its fill pattern."""
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    series: int = 0


@dataclass(frozen=True)
class Line:
    """One series as a polyline of `points` (months with no value are left out), and its target's height."""
    label: str
    points: tuple
    series: int
    target: float | None = None
    target_y: float | None = None


@dataclass(frozen=True)
class Chart:
    """What a chart draws: `ticks` (y, value) of the value scale, `labels` (x, text) under the axis, bars, lines."""
    ticks: tuple
    labels: tuple
    bars: tuple = ()
    lines: tuple = ()


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (> 0): the top of the value scale."""
    power = 10 ** int(log10(value) // 1)
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _scale(top: float, whole: bool = True):
    """The y of a value on a scale from 0 (the bottom of the plot) to `top`, and the scale's ticks (0, the half
    unless counts of `whole` things would be halved, the top)."""
    def y(value: float) -> float:
        return round(BOTTOM - (BOTTOM - TOP) * value / top, 1)
    values = (0, top / 2, top) if not whole or (top / 2).is_integer() else (0, top)
    return y, tuple((y(value), value) for value in values)


def _top(values) -> float | None:
    """The top of the scale for `values` (None when there is nothing above zero to draw)."""
    highest = max((value for value in values if value is not None), default=0)
    return nice_top(highest) if highest > 0 else None


def _x_labels(names: list[str], centres: list[float]) -> tuple:
    """(x, name) under the axis: every name when few, else an evenly spaced X_LABELS of them, the last included."""
    step = max(1, ceil(len(names) / X_LABELS))
    chosen = range(len(names) - 1, -1, -step)
    return tuple((round(centres[i], 1), names[i]) for i in sorted(chosen))


def bars(items: list[tuple[str, float]]) -> Chart | None:
    """One bar per (label, value), each labelled under the axis; heights are proportional to the values."""
    top = _top(value for _, value in items)
    if top is None:
        return None
    y, ticks = _scale(top)
    slot = (RIGHT - LEFT) / len(items)
    drawn = tuple(Bar(label, value, round(LEFT + slot * (i + .2), 1), y(value), round(slot * .6, 1),
                      round(BOTTOM - y(value), 1)) for i, (label, value) in enumerate(items))
    return Chart(ticks, tuple((bar.x + bar.width / 2, bar.label) for bar in drawn), bars=drawn)


def grouped_bars(names: list[str], series: list[list[float]]) -> Chart | None:
    """Bars side by side per name (a month), one per series (`series[s][i]` the value of series s at names[i])."""
    top = _top(value for values in series for value in values)
    if top is None:
        return None
    y, ticks = _scale(top)
    slot = (RIGHT - LEFT) / len(names)
    width = round(slot * .8 / len(series), 1)
    drawn = tuple(Bar(names[i], value, round(LEFT + slot * .1 + slot * i + width * s, 1), y(value), width,
                      round(BOTTOM - y(value), 1), s)
                  for s, values in enumerate(series) for i, value in enumerate(values))
    return Chart(ticks, _x_labels(names, [LEFT + slot * (i + .5) for i in range(len(names))]), bars=drawn)


def lines(names: list[str], series: list[tuple[str, list, float | None]], whole: bool = True) -> Chart | None:
    """A line per (label, values, target) over `names` (months); a target (None: none) is a level line. The scale
    reaches the highest value or target; `whole` (counts, not shares) keeps its ticks whole."""
    top = _top([value for _, values, target in series for value in (*values, target)])
    if top is None or all(value is None for _, values, _ in series for value in values):
        return None
    y, ticks = _scale(top, whole)
    step = (RIGHT - LEFT - 2 * INSET) / max(1, len(names) - 1)
    drawn = tuple(Line(label, tuple((round(LEFT + INSET + step * i, 1), y(value)) for i, value in enumerate(values)
                                    if value is not None), s, target, None if target is None else y(target))
                  for s, (label, values, target) in enumerate(series))
    return Chart(ticks, _x_labels(names, [LEFT + INSET + step * i for i in range(len(names))]), lines=drawn)


def short_month(month: str) -> str:
    """ "2025-07" as "07/25", short enough for a phone's axis."""
    return f"{month[5:]}/{month[2:4]}"


def kpi_charts(values: dict, share_targets: dict | None = None) -> dict:
    """The KPI page's charts from its figures (`values`, with "trend"): the stars mix, certified products and the
    4★/5★ shares over the trend (`share_targets` {"4": share, "5": share} draws their target lines), and sales."""
    targets = share_targets or {}
    trend = values["trend"].values()
    months = [short_month(month) for month in values["trend"]]
    sales = values["sales"]
    return {
        "stars": bars([(f"{stars}★", count) for stars, count in values["by_stars"].items()]),
        "products": lines(months, [("certified_products", [point["certified_products"] for point in trend], None)]),
        "shares": lines(months, [(f"share_{stars}_star", [point[f"share_{stars}_star"] for point in trend],
                                  targets.get(stars)) for stars in ("4", "5")], whole=False),
        "sales": grouped_bars([short_month(month) for month in sales["online"]],
                              [list(by_month.values()) for by_month in sales.values()]),
    }
