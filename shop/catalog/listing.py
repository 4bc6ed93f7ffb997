"""The product listing: sellable products filtered, searched, sorted, counted and paged.

The storefront (/products) and the API (/api/v1/products) both call
`find_products`, so they filter, sort and count the same way — and only ever
over sellable products. Without a search, they filter, sort and count in the
worker's catalog table (shop/catalog/table.py), and load only the page.

A search counts, sorts, facets and pages through its best SEARCH_CAP sellable
matches. Those are read once, a few columns each, in relevance order, and
counted and sorted here; only the page's own products are then loaded whole.
The matches come from the search package, which registers its `find_matches`
with `search_with` when the app is made: the catalog never imports search.
"""
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from heapq import nsmallest
from types import SimpleNamespace

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import bindparam, false, select
from sqlalchemy.orm import joinedload

from shop.catalog.facets import chosen_labels, facet_counts
from shop.catalog.filters import Criteria, ProductFilters
from shop.catalog.models import Product
from shop.catalog.sellable import sellable_with_certificates
from shop.catalog.table import COLUMNS, CatalogTable, catalog_table, sorted_rows
from shop.certification.models import Certificate
from shop.extensions import db
from shop.inventory.services import available_column
from shop.sellers.models import Seller

FACETS = ("stars", "group", "province", "owner_type")
MIXING_PRIME = 2_147_483_647  # 2³¹ - 1: related products' tie-break hash
SEARCH_CAP = 1000  # a search counts, facets and pages through its best 1,000 sellable matches
MATCHER = "catalog_search"  # app.extensions: find_matches(text, criteria) -> the search's Matches
LISTING_COLUMNS = SimpleNamespace(  # where the listing's query finds what `Criteria` filter by
    stars=Certificate.stars, group_id=Product.group_id, subgroup_id=Product.subgroup_id, province=Seller.province,
    owner_type=Seller.owner_type, seller_id=Product.seller_id, price_vnd=Product.price_vnd)


@dataclass
class Listing:
    """One page of sellable products as (product, current certificate) pairs, with facet counts."""

    items: list
    total: int
    page: int
    per_page: int
    facets: dict = field(default_factory=dict)
    corrected: str | None = None  # what a misspelt query was searched as
    partial: bool = False  # no product has every word of the search: these have the most of them
    capped: bool = False  # a search with more matches than SEARCH_CAP: `total` is that cap
    available: dict = field(default_factory=dict)  # product id -> units online orders may still take
    chosen: dict = field(default_factory=dict)  # with facets: each chosen filter's label, {"group": "Chè", ...}
    table: CatalogTable | None = None  # the catalog table it was drawn from, which keeps its HTML; None for a search

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search_with(app, find_matches) -> None:
    """Let this app's listing search through `find_matches(text, criteria)` (shop/search registers its own)."""
    app.extensions[MATCHER] = find_matches


def _matching(today, criteria: Criteria, matches=None):
    """SELECT (Product, current certificate) of sellable products that meet `criteria` (and the search's Matches)."""
    query = sellable_with_certificates(today).join(Product.seller).order_by(None)
    if matches is not None:
        if matches.table is None:
            return query.where(false())
        query = query.join(matches.table, matches.table.c.product_id == Product.id)
    return query.where(*criteria.clauses(LISTING_COLUMNS))


def find_products(today, filters: ProductFilters, page: int, per_page: int, *, facets=()) -> Listing:
    """A page of sellable products matching `filters`, sorted, with counts for the `facets` named.

    Asked for facets (a page a buyer filters), it also names the chosen filters (`Listing.chosen`).
    """
    table = catalog_table(today)
    groups = table.groups
    if filters.q:
        listing = _search(today, filters, groups, page, per_page, facets)
    else:
        listing = _browse(today, table, filters, page, per_page, facets)
    if facets:
        listing.chosen = chosen_labels(filters, groups)
        if filters.seller:
            name = db.session.scalar(select(Seller.name).where(Seller.slug == filters.seller))
            listing.chosen["seller"] = name or filters.seller
    return listing


def _browse(today, table: CatalogTable, filters: ProductFilters, page: int, per_page: int, facets) -> Listing:
    """`find_products` without a search: the catalog table's rows filtered, sorted and counted; the page loaded."""
    groups = table.groups
    rows = table.ordered(filters.criteria(groups), "newest" if filters.sort == "relevance" else filters.sort)
    start = (page - 1) * per_page
    items, available = _load(today, [row.id for row in rows[start:start + per_page]])

    def count_by(wanted: ProductFilters, facet: str) -> dict:
        return table.count_by(wanted.criteria(groups), facet)

    counted = table.remember(("facets", filters, facets, str(get_locale())),  # labels sorted in the reader's language
                             lambda: facet_counts(filters, groups, facets, count_by)) if facets else {}
    return Listing(items, len(rows), page, per_page, counted, available=available, table=table)


def related_products(today, product: Product, limit: int) -> Listing:
    """Up to `limit` other sellable products of `product`'s ngành: its subgroup and province first.

    Ties go by a hash of both ids, so each product shows its own mix rather than the same few everywhere:
    (id + offset)² mod a prime, not a mere rotation of one order, as a linear hash of the ids would be.
    """
    kin = Criteria(group_id=product.group_id, group_ids=(product.group_id,))
    offset = product.id * 2654435761 % MIXING_PRIME
    province = product.seller.province

    def closeness(row) -> tuple:
        return (not (product.subgroup_id and row.subgroup == product.subgroup_id), row.province != province,
                (row.id + offset) ** 2 % MIXING_PRIME, row.id)

    table = catalog_table(today)
    same_group = table.ordered(kin, "newest")
    ids = table.remember(("related", product.id, limit), lambda: [
        row.id for row in nsmallest(limit, (row for row in same_group if row.id != product.id), key=closeness)])
    items, available = _load(today, ids)
    return Listing(items, len(items), 1, limit, available=available, table=table)


def _best_matches(today, text: str, criteria: Criteria) -> tuple[list, object]:
    """Up to SEARCH_CAP + 1 sellable matches of `text` meeting `criteria`, best first, as rows of COLUMNS.

    Also the search's Matches, which say how `text` was searched (corrected, partly).
    When the index's first round holds too few sellable matches (its entries went
    stale), every match is read instead.
    """
    matches = current_app.extensions[MATCHER](text, criteria)
    if matches.table is None:
        return [], matches
    rows = _read_best(today, criteria, matches)
    if matches.every_match and len(rows) <= SEARCH_CAP:
        rows = _read_best(today, criteria, matches.widened())
    return rows, matches


def _read_best(today, criteria: Criteria, matches) -> list:
    position = matches.table.c.position
    columns = [column.label(name) for name, column in COLUMNS.items()]
    query = (_matching(today, criteria, matches).with_only_columns(*columns, position.label("position"))
             .order_by(position, Product.id.desc()).limit(SEARCH_CAP + 1))
    return db.session.execute(query).all()


@lru_cache(maxsize=4)
def _page_query(today):
    """SELECT (Product, current Certificate, available units) of the sellable products among :ids, with their
    producer and ngành; the units in the same query, over the page's own products only. Built once per `day` (the
    shop's today, which the units' best-before test reads) and process."""
    return (sellable_with_certificates(today).add_columns(available_column(Product.id, Product.seller_id))
            .where(Product.id.in_(bindparam("ids", expanding=True)))
            .options(joinedload(Product.seller), joinedload(Product.group)))


def _load(today, ids: list[int]) -> tuple[list, dict]:
    """(product, current certificate) of these sellable products, in the order of `ids`, and their available units."""
    if not ids:
        return [], {}
    found = {row[0].id: row for row in db.session.execute(_page_query(today), {"ids": ids})}
    shown = [found[pid] for pid in ids if pid in found]
    return [(product, certificate) for product, certificate, _ in shown], {row[0].id: row[2] for row in shown}


def _search(today, filters: ProductFilters, groups: dict, page: int, per_page: int, facets) -> Listing:
    """`find_products` for a search: its best SEARCH_CAP matches, sorted and counted here."""
    searches = {}  # Criteria -> best matches: a facet whose filter is unset reuses the page's own

    def best(wanted: ProductFilters) -> tuple[list, object]:
        criteria = wanted.criteria(groups)
        if criteria not in searches:
            searches[criteria] = _best_matches(today, filters.q, criteria)
        return searches[criteria]

    def count_by(wanted: ProductFilters, facet: str) -> dict:
        return Counter(getattr(row, facet) for row in best(wanted)[0][:SEARCH_CAP])

    rows, how = best(filters)
    start = (page - 1) * per_page
    shown = sorted_rows(rows[:SEARCH_CAP], filters.sort)[start:start + per_page]
    counts = facet_counts(filters, groups, facets, count_by) if facets else {}
    items, available = _load(today, [row.id for row in shown])
    return Listing(items, min(len(rows), SEARCH_CAP), page, per_page, counts, how.corrected, how.partial,
                   capped=len(rows) > SEARCH_CAP, available=available)
