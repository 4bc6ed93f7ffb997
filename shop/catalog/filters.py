"""What a buyer can ask the listing for, read and checked from the query string.

Shared by /products, /producers/<slug>, /search and /api/v1/products; a bad
value raises BadFilter (shop/web.py, with the page number and its size), answered
with a 400 page or JSON error (shop/errors.py).
"""
import re
from dataclasses import dataclass, fields, replace

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from shop.certification.models import CERTIFIED_MIN_STARS
from shop.places import PROVINCE_SLUGS
from shop.routing import SlugConverter
from shop.sellers.models import OWNER_TYPES, Seller
from shop.text import words
from shop.web import BadFilter, whole_number

SORTS = ("relevance", "newest", "price_asc", "price_desc", "stars")
MAX_QUERY_LENGTH = 200
MAX_PRICE = 1_000_000_000
SLUG = re.compile(SlugConverter.regex)
UNKNOWN_GROUP = 0  # no group has id 0: a filter by an unknown group slug matches nothing


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
    q: str | None = None             # search words; sorts by relevance unless told otherwise

    def without(self, facet: str) -> "ProductFilters":
        return replace(self, **{facet: None})

    def narrowing(self) -> dict:
        """The filters set besides the search words and the sort: what can leave a search with nothing."""
        return replace(self, q=None, sort=None).as_args()

    def as_args(self) -> dict:
        """The non-empty filters, for building URLs that keep them."""
        return {k: v for k, v in self.__dict__.items()
                if v is not None and not (k == "sort" and v == self.default_sort)}

    @property
    def default_sort(self) -> str:
        return "relevance" if self.q else "newest"

    def criteria(self, groups: dict) -> "Criteria":
        """These filters as the data holds them; `groups` maps slugs to product groups."""
        group_id, group_ids = None, ()
        if self.group:
            chosen = groups.get(self.group)
            group_id = chosen.id if chosen else UNKNOWN_GROUP
            group_ids = tuple(sorted(group.id for group in groups.values() if chosen in group.lineage))
        return Criteria(
            stars=self.stars, group_id=group_id, group_ids=group_ids,
            province=PROVINCE_SLUGS[self.province] if self.province else None,
            owner_type=self.owner_type, seller=self.seller, price_min=self.price_min, price_max=self.price_max)


@dataclass(frozen=True)
class Criteria:
    """The filters as the data holds them: a group's id (of either level), a province's name.

    The listing applies them in SQL, and a search backend inside its index too, so
    that the index's first round of matches already holds what the page needs.
    """

    stars: int | None = None
    group_id: int | None = None  # the chosen group (of any level), or UNKNOWN_GROUP
    group_ids: tuple[int, ...] = ()  # it and every group below it: a nhóm takes in its phân nhóm
    province: str | None = None
    owner_type: str | None = None
    seller: str | None = None
    price_min: int | None = None
    price_max: int | None = None

    def clauses(self, columns) -> list:
        """SQL conditions over `columns`: stars, group_id, subgroup_id, province, owner_type, seller_id, price_vnd."""
        conditions = []
        if self.stars:
            conditions.append(columns.stars == self.stars)
        if self.group_id is not None:
            conditions.append(or_(columns.group_id.in_(self.group_ids), columns.subgroup_id.in_(self.group_ids)))
        if self.province:
            conditions.append(columns.province == self.province)
        if self.owner_type:
            conditions.append(columns.owner_type == self.owner_type)
        if self.seller:
            seller_id = select(Seller.id).where(Seller.slug == self.seller).scalar_subquery()
            conditions.append(columns.seller_id == seller_id)
        if self.price_min is not None:
            conditions.append(columns.price_vnd >= self.price_min)
        if self.price_max is not None:
            conditions.append(columns.price_vnd <= self.price_max)
        return conditions

    @property
    def narrowing(self) -> bool:
        """Is any filter set (else every sellable product meets these criteria)?"""
        return self != Criteria()

    def admits(self, row) -> bool:
        """`clauses` for one row of the catalog table (shop/catalog/table.py): stars, group, subgroup, province,
        owner_type, seller (its slug), price."""
        return ((not self.stars or row.stars == self.stars)
                and (self.group_id is None or row.group in self.group_ids or row.subgroup in self.group_ids)
                and (self.province is None or row.province == self.province)
                and (self.owner_type is None or row.owner_type == self.owner_type)
                and (self.seller is None or row.seller == self.seller)
                and (self.price_min is None or row.price >= self.price_min)
                and (self.price_max is None or row.price <= self.price_max))


# Values are taken as sent (links and selects send them clean): an empty one means "not filtered",
# anything else must be exactly right, as the OpenAPI document (shop/api/openapi.py) says.
def _no_such_choice(value: str):
    """Why a value no link or select of the shop offers was refused, for people."""
    return _l("không có lựa chọn “%(value)s”.", value=value[:40])


def choice_of(args, name: str, allowed) -> str | None:
    """Query-string parameter `name` if it is one of `allowed`; None if empty, else BadFilter."""
    value = args.get(name) or None
    if value is not None and value not in allowed:
        raise BadFilter(f"unknown {name} {value[:40]!r}", _no_such_choice(value))
    return value


def _slug(args, name: str) -> str | None:
    value = args.get(name) or None
    if value is not None and not SLUG.fullmatch(value):
        raise BadFilter(f"{name} must be a slug (a-z, 0-9 and -), got {value[:40]!r}", _no_such_choice(value))
    return value


def _query(args) -> str | None:
    """Search words, spaces tidied; blank is no search. At most MAX_QUERY_LENGTH characters as sent.

    Punctuation alone ("!!!") is a search that finds nothing; only the API refuses it (`require_words`).
    """
    raw = args.get("q", "")
    if len(raw) > MAX_QUERY_LENGTH:
        raise BadFilter(f"q is {len(raw)} characters long; at most {MAX_QUERY_LENGTH}")
    return " ".join(raw.split()) or None


def require_words(filters: ProductFilters) -> ProductFilters:
    """`filters` as they are, or BadFilter when `q` has nothing to search for (the API's contract)."""
    if filters.q is not None and not words(filters.q):
        raise BadFilter("q has no letters or digits to search for")
    return filters


def parse_filters(args, swap_prices: bool = False) -> ProductFilters:
    """Filters from query-string `args`; raises BadFilter for a value out of range.

    A price range from high to low is refused, or with `swap_prices` read the way round it was meant:
    people type the two prices into a page's form in either order.
    """
    filters = ProductFilters(
        stars=whole_number(args, "stars", CERTIFIED_MIN_STARS, 5),
        group=_slug(args, "group"),
        province=choice_of(args, "province", PROVINCE_SLUGS),
        owner_type=choice_of(args, "owner_type", OWNER_TYPES),
        seller=_slug(args, "seller"),
        price_min=whole_number(args, "price_min", 0, MAX_PRICE),
        price_max=whole_number(args, "price_max", 0, MAX_PRICE),
        q=_query(args),
        sort=choice_of(args, "sort", SORTS),
    )
    filters = replace(filters, sort=filters.sort or filters.default_sort)
    if filters.price_min is not None and filters.price_max is not None and filters.price_min > filters.price_max:
        if not swap_prices:
            raise BadFilter("price_min must not be above price_max")
        filters = replace(filters, price_min=filters.price_max, price_max=filters.price_min)
    return filters


LISTING_ARGS = (*(field.name for field in fields(ProductFilters)), "page", "per_page")  # what the listing reads
