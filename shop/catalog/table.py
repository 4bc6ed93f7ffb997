"""The sellable catalog as a small in-memory table per catalog version: what a listing without a search filters.

A few columns of every sellable product (COLUMNS, and the producer's slug) are
read in one query the first time a worker lists products after a catalog
change, with the product groups, and kept until the version (docs/design.md §8)
or the day changes. Totals, facet counts and the order of a page are then worked
out here, and remembered per filter and sort; only the page's own products are
loaded from the database, through sellable() again, so a product revoked since
is never shown. The table also keeps the HTML its version renders the same way
every time — a product's card, a filter's sidebar — so a page no worker has
cached yet is mostly put together from pieces. What the table remembers is
bounded: the latest version and day only, at most RESULTS answers holding HELD
rows in all, and at most FRAGMENTS pieces of HTML of FRAGMENT_CHARS characters
in all.
"""
from collections import Counter, OrderedDict, namedtuple
from operator import attrgetter
from threading import Lock

from flask import current_app
from sqlalchemy import select

from shop.catalog.cache import VERSION_QUERY
from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import sellable_with_certificates
from shop.certification.models import Certificate
from shop.extensions import db
from shop.sellers.models import Seller

TABLE = "catalog_table"  # app.extensions: the worker's CatalogTable
RESULTS = 1024  # answers remembered per table: orders per (filter, sort), counts per (filter, facet), related
HELD = 2_000_000  # items those answers hold at most (~16 MB of references)
FRAGMENTS = 50_000  # pieces of rendered HTML per table: product cards, filter sidebars
FRAGMENT_CHARS = 32_000_000  # characters those pieces hold at most
# The columns read of each sellable product, by the names the listing's sorts and facets use.
COLUMNS = {"id": Product.id, "created_at": Product.created_at, "price": Product.price_vnd,
           "stars": Certificate.stars, "group": Product.group_id, "subgroup": Product.subgroup_id,
           "province": Seller.province, "owner_type": Seller.owner_type}
CatalogRow = namedtuple("CatalogRow", [*COLUMNS, "seller"])  # plain tuples: read column by column, fast
NEWEST = (("created_at", True), ("id", True))
SORT_KEYS = {  # each sort as (column, descending?) pairs, most significant first; ties go to the newest
    "relevance": (("position", False), ("id", True)),  # the rank a search gave; "newest" without a search
    "newest": NEWEST,
    "price_asc": (("price", False), ("id", True)),
    "price_desc": (("price", True), ("id", True)),
    "stars": (("stars", True), *NEWEST),
}


def sorted_rows(rows, sort: str) -> list:
    """`rows` in the order of `sort` (Python's sort is stable: sorting by each key, least significant first)."""
    rows = list(rows)
    for name, descending in reversed(SORT_KEYS[sort]):
        rows.sort(key=attrgetter(name), reverse=descending)
    return rows


class Memo:
    """A thread-safe least-recently-used store of answers, bounded in entries and in the items they hold (len)."""

    def __init__(self, entries: int, items: int):
        self.entries, self.items, self.held, self.lock = entries, items, 0, Lock()
        self.answers = OrderedDict()  # least recently used first

    def __len__(self) -> int:
        return len(self.answers)

    def get(self, key, work):
        """`work()`'s answer, kept under `key` while there is room."""
        with self.lock:
            if key in self.answers:
                self.answers.move_to_end(key)
                return self.answers[key]
        answer = work()
        with self.lock:
            if key not in self.answers:
                self.answers[key] = answer
                self.held += len(answer)
            while len(self.answers) > self.entries or self.held > self.items:
                self.held -= len(self.answers.popitem(last=False)[1])
        return answer


class CatalogTable:
    """Every sellable product's listing columns on one day of one catalog version, newest first, and the product
    groups by slug."""

    def __init__(self, key, rows: list, groups: dict):
        self.key, self.rows, self.groups = key, rows, groups
        self.answers, self.fragments = Memo(RESULTS, HELD), Memo(FRAGMENTS, FRAGMENT_CHARS)

    def ordered(self, criteria, sort: str) -> list:
        """The rows meeting `criteria` (shop.catalog.filters.Criteria), in the order of `sort`."""
        return self.remember(("order", criteria, sort), lambda: sorted_rows(self._meeting(criteria), sort))

    def count_by(self, criteria, facet: str) -> Counter:
        """{value of `facet`: how many rows meeting `criteria` have it}."""
        return self.remember(("count", criteria, facet),
                             lambda: Counter(map(attrgetter(facet), self._meeting(criteria))))

    def _meeting(self, criteria) -> list:
        if not criteria.narrowing:
            return self.rows
        return [row for row in self.rows if criteria.admits(row)]

    def remember(self, key, work):
        """`work()`'s answer (a list or a Counter), kept under `key` while this table stands and there is room."""
        return self.answers.get(key, work)

    def fragment(self, key, render) -> str:
        """The HTML `render()` gives for `key` (which names all it depends on besides this version and day)."""
        return self.fragments.get(key, render)


def catalog_table(today) -> CatalogTable:
    """This worker's table of the catalog as it stands now (one primary-key query), read again after a change.

    The version is read in the session's own transaction, before the rows: the table
    then holds data at least as new as its version, and a version written by a
    transaction that rolls back is never asked for again.
    """
    key = (db.session.execute(VERSION_QUERY).scalar(), today)
    table = current_app.extensions.get(TABLE)
    if table is None or table.key != key or key[0] is None:
        columns = [column.label(name) for name, column in COLUMNS.items()]
        query = sellable_with_certificates(today).join(Product.seller).with_only_columns(
            *columns, Seller.slug.label("seller"))
        table = CatalogTable(key, [CatalogRow(*row) for row in db.session.execute(query)], _groups_by_slug())
        current_app.extensions[TABLE] = table
    return table



def _groups_by_slug() -> dict[str, ProductGroup]:
    """Every product group by its slug, linked to the group above it: copies kept apart from the session, which
    outlive the request (the table's later readers use them)."""
    groups = {row.id: ProductGroup(**row._mapping) for row in db.session.execute(select(*ProductGroup.__table__.c))}
    for group in groups.values():
        group.parent = groups.get(group.parent_id)
    return {group.slug: group for group in groups.values()}
