"""The product listing: filters read from the URL, sorts, facet counts and paging.

The storefront (/products) and the API (/api/v1/products) both call
`find_products`, so they filter, sort and count the same way — and only ever
over sellable products.
"""
import re
from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import sellable_with_certificates
from shop.certification.models import CERTIFIED_MIN_STARS, Certificate
from shop.extensions import db
from shop.places import PROVINCE_SLUGS
from shop.routing import SlugConverter
from shop.sellers.models import OWNER_TYPES, Seller
from shop.text import fold

SORTS = ("newest", "price_asc", "price_desc", "stars")
FACETS = ("stars", "group", "province", "owner_type")


def _order(sort: str) -> tuple:
    """ORDER BY terms for a sort (Certificate is the product's current certificate)."""
    newest = (Product.created_at.desc(), Product.id.desc())
    return {
        "newest": newest,
        "price_asc": (Product.price_vnd.asc(), Product.id.desc()),
        "price_desc": (Product.price_vnd.desc(), Product.id.desc()),
        "stars": (Certificate.stars.desc(), *newest),
    }[sort]


def _facet_column(facet: str):
    return {"stars": Certificate.stars, "group": Product.group_id, "subgroup": Product.subgroup_id,
            "province": Seller.province, "owner_type": Seller.owner_type}[facet]
MAX_PER_PAGE = 100
MAX_PRICE = 1_000_000_000
SLUG = re.compile(SlugConverter.regex)


class BadFilter(ValueError):
    """A listing parameter out of range: a 400 with this message."""


@dataclass(frozen=True)
class ProductFilters:
    """What the buyer asked for; every field is optional."""

    stars: int | None = None
    group: str | None = None        # slug of a group or a subgroup
    province: str | None = None     # slug of one of the 34 provinces
    owner_type: str | None = None
    seller: str | None = None       # producer slug
    price_min: int | None = None
    price_max: int | None = None
    sort: str = "newest"

    def without(self, facet: str) -> "ProductFilters":
        return replace(self, **{facet: None})

    def as_args(self) -> dict:
        """The non-empty filters, for building URLs that keep them."""
        return {k: v for k, v in self.__dict__.items() if v is not None and not (k == "sort" and v == "newest")}


@dataclass
class Listing:
    """One page of sellable products as (product, current certificate) pairs, with facet counts."""

    items: list
    total: int
    page: int
    per_page: int
    facets: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _whole_number(args, name: str, low: int, high: int) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise BadFilter(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise BadFilter(f"{name} must be between {low} and {high}, got {value}")
    return value


def _one_of(args, name: str, allowed) -> str | None:
    value = args.get(name, "").strip() or None
    if value is not None and value not in allowed:
        raise BadFilter(f"unknown {name} {value!r}")
    return value


def _slug(args, name: str) -> str | None:
    value = args.get(name, "").strip() or None
    if value is not None and not SLUG.fullmatch(value):
        raise BadFilter(f"{name} must be a slug (a-z, 0-9 and -), got {value[:40]!r}")
    return value


def parse_filters(args) -> ProductFilters:
    """Filters from query-string `args`; raises BadFilter for a value out of range."""
    filters = ProductFilters(
        stars=_whole_number(args, "stars", CERTIFIED_MIN_STARS, 5),
        group=_slug(args, "group"),
        province=_one_of(args, "province", PROVINCE_SLUGS),
        owner_type=_one_of(args, "owner_type", OWNER_TYPES),
        seller=_slug(args, "seller"),
        price_min=_whole_number(args, "price_min", 0, MAX_PRICE),
        price_max=_whole_number(args, "price_max", 0, MAX_PRICE),
        sort=_one_of(args, "sort", SORTS) or "newest",
    )
    if filters.price_min is not None and filters.price_max is not None and filters.price_min > filters.price_max:
        raise BadFilter("price_min must not be above price_max")
    return filters


def parse_page(args, default_per_page: int) -> tuple[int, int]:
    """`page` (≥ 1) and `per_page` (1–100) from query-string `args`."""
    page = _whole_number(args, "page", 1, 10**6) or 1
    per_page = _whole_number(args, "per_page", 1, MAX_PER_PAGE) or default_per_page
    return page, per_page


def _groups_by_slug() -> dict[str, ProductGroup]:
    return {group.slug: group for group in db.session.scalars(select(ProductGroup))}


def _matching(today, filters: ProductFilters, groups: dict):
    """SELECT (Product, current certificate) of sellable products that pass `filters`."""
    query = sellable_with_certificates(today).join(Product.seller).order_by(None)
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


def _facet_counts(today, filters: ProductFilters, groups: dict, wanted) -> dict[str, list[FacetValue]]:
    """For each wanted facet, how many products each value would give with the other filters kept."""
    facets = {facet: _count_by(_matching(today, filters.without(facet), groups), facet, groups)
              for facet in wanted}
    selected = groups.get(filters.group)
    if selected is not None and "group" in wanted:
        top = selected.parent or selected
        narrowed = _matching(today, replace(filters, group=top.slug), groups)
        facets["subgroup"] = _count_by(narrowed, "subgroup", groups)
    return facets


def find_products(today, filters: ProductFilters, page: int, per_page: int, *, facets=()) -> Listing:
    """A page of sellable products matching `filters`, sorted, with counts for the `facets` named."""
    groups = _groups_by_slug() if filters.group or facets else {}
    query = _matching(today, filters, groups)
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
    query = (query.options(contains_eager(Product.seller), joinedload(Product.group))
             .order_by(*_order(filters.sort)).limit(per_page).offset((page - 1) * per_page))
    items = db.session.execute(query).all()
    counts = _facet_counts(today, filters, groups, facets) if facets else {}
    return Listing(items, total, page, per_page, counts)
