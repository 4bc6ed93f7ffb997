"""The product listing: sellable products filtered, searched, sorted, counted and paged.

The storefront (/products) and the API (/api/v1/products) both call
`find_products`, so they filter, sort and count the same way — and only ever
over sellable products.
"""
from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext
from sqlalchemy import false, func, literal_column, select
from sqlalchemy.orm import contains_eager, joinedload

from shop.catalog.filters import ProductFilters
from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import sellable_with_certificates
from shop.certification.models import CERTIFIED_MIN_STARS, Certificate
from shop.extensions import db
from shop.places import PROVINCE_SLUGS
from shop.search.matching import Matches
from shop.search.service import find_matches
from shop.sellers.models import OWNER_TYPES, Seller
from shop.text import fold

FACETS = ("stars", "group", "province", "owner_type")
SEARCH_CAP = 1000  # a search counts, facets and pages through its best 1,000 sellable matches


def _order(sort: str, searched) -> tuple:
    """ORDER BY terms for a sort (Certificate is the product's current certificate)."""
    newest = (Product.created_at.desc(), Product.id.desc())
    if sort == "relevance" and searched:
        return literal_column("best.position").asc(), Product.id.desc()
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
    capped: bool = False  # a search with more matches than SEARCH_CAP: `total` is that cap

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _facet_column(facet: str):
    return {"stars": Certificate.stars, "group": Product.group_id, "subgroup": Product.subgroup_id,
            "province": Seller.province, "owner_type": Seller.owner_type}[facet]
def _groups_by_slug() -> dict[str, ProductGroup]:
    return {group.slug: group for group in db.session.scalars(select(ProductGroup))}


def _matching(today, filters: ProductFilters, groups: dict, matches: Matches | None):
    """SELECT (Product, current certificate) of sellable products that pass `filters` (and match the search)."""
    query = sellable_with_certificates(today).join(Product.seller).order_by(None)
    if matches is not None:
        if matches.table is None:
            return query.where(false())
        query = query.join(matches.table, matches.table.c.product_id == Product.id)
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


def _searched(today, filters: ProductFilters, groups: dict, matches: Matches | None, extra: int = 0):
    """`_matching`, and for a search only its SEARCH_CAP (+ extra) best-ranked rows (after sellable() and filters).

    A search's rows carry their rank as `best.c.position`, for the relevance sort.
    """
    query = _matching(today, filters, groups, matches)
    if matches is None or matches.table is None:
        return query
    best = (query.with_only_columns(Product.id, matches.table.c.position)
            .order_by(matches.table.c.position, Product.id.desc()).limit(SEARCH_CAP + extra).subquery("best"))
    return (select(Product, Certificate).join(best, best.c.id == Product.id)
            .join(Certificate, Certificate.id == Product.current_certificate_id).join(Product.seller))


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


def _facet_counts(today, filters: ProductFilters, groups: dict, wanted, matches) -> dict[str, list[FacetValue]]:
    """For each wanted facet, how many products each value would give with the other filters kept."""
    facets = {facet: _count_by(_searched(today, filters.without(facet), groups, matches), facet, groups)
              for facet in wanted}
    selected = groups.get(filters.group)
    if selected is not None and "group" in wanted:
        top = selected.parent or selected
        narrowed = _searched(today, replace(filters, group=top.slug), groups, matches)
        facets["subgroup"] = _count_by(narrowed, "subgroup", groups)
    return facets


def _count(query) -> int:
    return db.session.scalar(query.with_only_columns(func.count()).order_by(None))


def _page(query, sort: str, searched: bool, page: int, per_page: int) -> list:
    query = (query.options(contains_eager(Product.seller), joinedload(Product.group))
             .order_by(*_order(sort, searched)).limit(per_page).offset((page - 1) * per_page))
    return db.session.execute(query).all()


def find_products(today, filters: ProductFilters, page: int, per_page: int, *, facets=()) -> Listing:
    """A page of sellable products matching `filters`, sorted, with counts for the `facets` named."""
    groups = _groups_by_slug() if filters.group or facets else {}
    matches = find_matches(filters.q) if filters.q else None
    total = _count(_searched(today, filters, groups, matches, extra=1))  # one more tells "more than the cap"
    if matches is not None and matches.widen and total <= SEARCH_CAP:  # the index's first round ran short
        matches = matches.widen()
        total = _count(_searched(today, filters, groups, matches, extra=1))
    query = _searched(today, filters, groups, matches)
    items = _page(query, filters.sort, bool(matches and matches.table is not None), page, per_page)
    counts = _facet_counts(today, filters, groups, facets, matches) if facets else {}
    capped = matches is not None and total > SEARCH_CAP
    return Listing(items, min(total, SEARCH_CAP) if capped else total, page, per_page, counts,
                   matches.corrected if matches else None, capped)
