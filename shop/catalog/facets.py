"""Facet counts: for each filter, how many products each of its values would show.

A facet counts the products that pass every *other* filter, so choosing a value
never hides the alternatives. Where the counts come from is the caller's: a
GROUP BY over the whole listing, or a count over a search's best matches.
"""
from dataclasses import dataclass, replace

from flask_babel import lazy_gettext

from shop.catalog.filters import ProductFilters
from shop.certification.models import CERTIFIED_MIN_STARS
from shop.places import PROVINCE_SLUGS
from shop.sellers.models import OWNER_TYPES
from shop.text import fold


@dataclass(frozen=True)
class FacetValue:
    """One choice in a filter, with how many products it would show."""

    param: object   # the value the URL carries: 4, "thuc-pham", "ha-noi", "htx"
    label: str
    count: int


def _labels(facet: str, groups: dict) -> dict:
    """URL value and human label for each raw value a facet's column holds."""
    if facet in ("group", "subgroup"):
        return {g.id: (g.slug, g.name) for g in groups.values()}
    if facet == "province":
        return {name: (slug, name) for slug, name in PROVINCE_SLUGS.items()}
    if facet == "owner_type":
        return {code: (code, label) for code, label in OWNER_TYPES.items()}
    return {stars: (stars, lazy_gettext("%(stars)s sao", stars=stars)) for stars in range(CERTIFIED_MIN_STARS, 6)}


def _values(facet: str, counts: dict, groups: dict) -> list[FacetValue]:
    """`counts` ({raw value: count}) as labelled choices: stars best first, others alphabetically."""
    labels = _labels(facet, groups)
    values = [FacetValue(*labels[raw], count) for raw, count in counts.items() if raw in labels and count]
    return sorted(values, key=lambda v: (-v.param if facet == "stars" else 0, fold(str(v.label))))


def facet_counts(filters: ProductFilters, groups: dict, wanted, count_by) -> dict[str, list[FacetValue]]:
    """For each wanted facet, its choices; `count_by(filters, facet)` gives {raw value: count} under `filters`.

    With a group chosen, "subgroup" lists the nhóm and phân nhóm of its ngành.
    """
    facets = {facet: _values(facet, count_by(filters.without(facet), facet), groups) for facet in wanted}
    selected = groups.get(filters.group)
    if selected is not None and "group" in wanted:
        top = selected.lineage[-1]
        facets["subgroup"] = _values("subgroup", count_by(replace(filters, group=top.slug), "subgroup"), groups)
    return facets


def chosen_labels(filters: ProductFilters, groups: dict) -> dict[str, str]:
    """How the buyer reads each chosen stars, group, province and owner type: {"group": "Chè", ...}."""
    chosen = {}
    for facet in ("stars", "group", "province", "owner_type"):
        value = getattr(filters, facet)
        if value is not None:
            chosen[facet] = dict(_labels(facet, groups).values()).get(value, value)
    return chosen
