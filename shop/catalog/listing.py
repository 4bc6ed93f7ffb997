"""The product listing: sellable products filtered, searched, sorted, counted and paged.

The storefront (/products) and the API (/api/v1/products) both call
`find_products`, so they filter, sort and count the same way — and only ever
over sellable products.
"""
from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from shop.catalog.filters import ProductFilters
from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import sellable_with_certificates
from shop.certification.models import CERTIFIED_MIN_STARS, Certificate
from shop.extensions import db
from shop.places import PROVINCE_SLUGS
from shop.search.service import find_ids
from shop.sellers.models import OWNER_TYPES, Seller
from shop.text import fold

FACETS = ("stars", "group", "province", "owner_type")


def _order(sort: str) -> tuple:
    """ORDER BY terms for a sort (Certificate is the product's current certificate)."""
    newest = (Product.created_at.desc(), Product.id.desc())
    return {
        "relevance": newest,  # without a query there is nothing to rank by
        "newest": newest,
        "price_asc": (Product.price_vnd.asc(), Product.id.desc()),
        "price_desc": (Product.price_vnd.desc(), Product.id.desc()),
        "stars": (Certificate.stars.desc(), *newest),
    }[sort]


@dataclass
class Listing:
    """One page of sellable products as (product, current certificate) pairs, with facet counts."""

    items: list
    total: int
    page: int
    per_page: int
    facets: dict = field(default_factory=dict)
    corrected: str | None = None  # what a misspelt query was searched as

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _facet_column(facet: str):
    return {"stars": Certificate.stars, "group": Product.group_id, "subgroup": Product.subgroup_id,
            "province": Seller.province, "owner_type": Seller.owner_type}[facet]
def _groups_by_slug() -> dict[str, ProductGroup]:
    return {group.slug: group for group in db.session.scalars(select(ProductGroup))}


def _matching(today, filters: ProductFilters, groups: dict, matched_ids: list[int] | None):
    """SELECT (Product, current certificate) of sellable products that pass `filters`."""
    query = sellable_with_certificates(today).join(Product.seller).order_by(None)
    if matched_ids is not None:
        query = query.where(Product.id.in_(matched_ids))
    if filters.stars:
        query = query.where(Certificate.stars == filters.stars)
    if filters.group:
        group = groups.get(filters.group)
        if group is None:
            return query.where(False)
        column = Product.group_id if group.parent_id is None else Product.subgroup_id
        query = query.where(column.in_([g.id for g in groups.values() if g is group or g.parent is group]))
    if filters.province:
        query = query.where(Seller.province == PROVINCE_SLUGS[filters.province])
    if filters.owner_type:
        query = query.where(Seller.owner_type == filters.owner_type)
    if filters.seller:
        query = query.where(Seller.slug == filters.seller)
    if filters.price_min is not None:
        query = query.where(Product.price_vnd >= filters.price_min)
    if filters.price_max is not None:
        query = query.where(Product.price_vnd <= filters.price_max)
    return query


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


def _count_by(query, facet: str, groups: dict) -> list[FacetValue]:
    labels, column = _labels(facet, groups), _facet_column(facet)
    rows = db.session.execute(query.with_only_columns(column, func.count()).group_by(column)).all()
    values = [FacetValue(*labels[raw], count) for raw, count in rows if raw in labels]
    return sorted(values, key=lambda v: (-v.param if facet == "stars" else 0, fold(str(v.label))))


def _facet_counts(today, filters: ProductFilters, groups: dict, wanted, matched_ids) -> dict[str, list[FacetValue]]:
    """For each wanted facet, how many products each value would give with the other filters kept."""
    facets = {facet: _count_by(_matching(today, filters.without(facet), groups, matched_ids), facet, groups)
              for facet in wanted}
    selected = groups.get(filters.group)
    if selected is not None and "group" in wanted:
        top = selected.parent or selected
        narrowed = _matching(today, replace(filters, group=top.slug), groups, matched_ids)
        facets["subgroup"] = _count_by(narrowed, "subgroup", groups)
    return facets


def _page_sorted(query, sort: str, page: int, per_page: int) -> tuple[int, list]:
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
    query = (query.options(contains_eager(Product.seller), joinedload(Product.group))
             .order_by(*_order(sort)).limit(per_page).offset((page - 1) * per_page))
    return total, db.session.execute(query).all()


def _page_by_rank(query, ranked_ids: list[int], page: int, per_page: int) -> tuple[int, list]:
    """Search results in the index's order: filter the ids in SQL, order and cut the page in Python."""
    allowed = set(db.session.scalars(query.with_only_columns(Product.id)))
    ranked = [pid for pid in ranked_ids if pid in allowed]
    page_ids = ranked[(page - 1) * per_page:page * per_page]
    if not page_ids:
        return len(ranked), []
    rows = db.session.execute(query.where(Product.id.in_(page_ids))
                              .options(contains_eager(Product.seller), joinedload(Product.group))).all()
    position = {pid: n for n, pid in enumerate(page_ids)}
    return len(ranked), sorted(rows, key=lambda row: position[row[0].id])


def find_products(today, filters: ProductFilters, page: int, per_page: int, *, facets=()) -> Listing:
    """A page of sellable products matching `filters`, sorted, with counts for the `facets` named."""
    groups = _groups_by_slug() if filters.group or facets else {}
    matches = find_ids(filters.q) if filters.q else None
    matched_ids = matches.ids if matches else None
    query = _matching(today, filters, groups, matched_ids)
    if matches and filters.sort == "relevance":
        total, items = _page_by_rank(query, matched_ids, page, per_page)
    else:
        total, items = _page_sorted(query, filters.sort, page, per_page)
    counts = _facet_counts(today, filters, groups, facets, matched_ids) if facets else {}
    return Listing(items, total, page, per_page, counts, matches.corrected if matches else None)
