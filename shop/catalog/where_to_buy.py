"""Where to buy: the OCOP outlets a shopper may visit (sales points and district, provincial and regional
centres, never a producer's warehouse) and the certified products each of them holds now.

An outlet may hold a product that is not on sale online (not published): what a shopper may buy there is
decided by certified(today), the certificate part of sellable(); whether its product page may be linked,
by offered(). Outlet stock is no part of the catalog's cache version (docs/design.md §8), so only uncached
pages and answers read it, and the cached product page in a part filled at every request.
"""
from collections import namedtuple
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from shop.catalog.filters import choice_of
from shop.catalog.models import Product
from shop.catalog.sellable import certified, offered
from shop.certification.models import Certificate
from shop.extensions import db
from shop.inventory.models import LOCATION_KINDS, Batch, Location, StockLevel
from shop.inventory.outlets import outlets
from shop.inventory.services import in_date
from shop.places import PROVINCE_SLUGS
from shop.sql import constant

OUTLET_KINDS = tuple(kind for kind in LOCATION_KINDS if kind != "warehouse")
OUTLETS_PER_PAGE = 24
OUTLET_COLUMNS = (Location.slug, Location.name, Location.kind, Location.commune, Location.province, Location.id)
Outlet = namedtuple("Outlet", [column.name for column in OUTLET_COLUMNS])  # an outlet holding a product


@dataclass(frozen=True)
class OutletFilters:
    """What a shopper asked the outlet directory for: a province (its slug) and a kind of outlet, each optional."""

    province: str | None = None
    kind: str | None = None

    def as_args(self) -> dict:
        """The filters set, for links that keep them."""
        return {name: value for name, value in self.__dict__.items() if value is not None}

    @property
    def province_name(self) -> str | None:
        return PROVINCE_SLUGS.get(self.province)


@dataclass(frozen=True)
class OutletLine:
    """A certified product on an outlet's shelf: the product, its current certificate, the units there, and
    whether the product is on sale online too (its page exists)."""

    product: Product
    certificate: Certificate
    on_hand: int
    online: bool


def parse_outlet_filters(args) -> OutletFilters:
    """The directory's filters from query-string `args`; BadFilter for a province or kind it does not know."""
    return OutletFilters(province=choice_of(args, "province", PROVINCE_SLUGS),
                         kind=choice_of(args, "kind", OUTLET_KINDS))


def outlet_directory(filters: OutletFilters, page: int, per_page: int):
    """A page of the outlets the filters ask for, by province then name."""
    query = outlets()
    if filters.province:
        query = query.where(Location.province == filters.province_name)
    if filters.kind:
        query = query.where(Location.kind == constant(filters.kind))  # one of OUTLET_KINDS
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def provinces_with_outlets() -> list[tuple[str, str, int]]:
    """(slug, name, number of outlets) of each province that has an outlet, in the provinces' order."""
    counts = dict(db.session.execute(select(Location.province, func.count()).where(Location.kind != "warehouse")
                                     .group_by(Location.province)).all())
    return [(slug, name, counts[name]) for slug, name in PROVINCE_SLUGS.items() if name in counts]


def _units_in_date(today: date, *where):
    """SELECT (product id, location id, units on hand in date) of the stock levels `where` picks, summed over a
    product's batches at a place (a batch past its best-before `today` is not for sale), places holding none left
    out."""
    units = func.sum(StockLevel.on_hand)
    return (select(StockLevel.product_id, StockLevel.location_id, units.label("units"))
            .outerjoin(Batch, Batch.id == StockLevel.batch_id).where(in_date(today), *where)
            .group_by(StockLevel.product_id, StockLevel.location_id).having(units > 0).subquery())


def certified_stock(outlet: Location, today: date) -> list[OutletLine]:
    """The products with units on hand (in date) at `outlet` whose certificate is in force `today`, best rated
    first, each once with its units in every batch."""
    held = _units_in_date(today, StockLevel.location_id == outlet.id)
    rows = db.session.execute(
        select(Product, Certificate, held.c.units, offered().label("online"))
        .join(held, held.c.product_id == Product.id)
        .join(Certificate, Certificate.id == Product.current_certificate_id)
        .where(certified(today))
        .options(joinedload(Product.seller), joinedload(Product.group))
        .order_by(Certificate.stars.desc(), Product.name, Product.id))
    return [OutletLine(*row) for row in rows]


def outlets_holding(product: Product, today: date, connection=None) -> list[tuple]:
    """The outlets with units of `product` on hand (in date) now — each as its slug, name, kind, commune and
    province — and how many in all its batches, by province then name; read on `connection` if given.

    For a product already found sellable (its page, its API answer): that decides its certificate.
    """
    rows = (connection or db.session).execute(_holding(today), {"product_id": product.id})
    return [(row, row.units) for row in rows]


def holding(today: date, product_id):
    """SELECT the outlets holding the product `product_id` (SQL) — slug, name, kind, commune, province, id — and
    their units there (in date), by province then name."""
    held = _units_in_date(today, StockLevel.product_id == product_id)
    return (select(*OUTLET_COLUMNS, held.c.units)
            .join(held, held.c.location_id == Location.id)
            .where(Location.kind != "warehouse").order_by(Location.province, Location.name, Location.id))


@lru_cache(maxsize=4)
def _holding(today: date):
    """SELECT the outlets holding the product :product_id and their units, built once per day and process."""
    return holding(today, bindparam("product_id"))
