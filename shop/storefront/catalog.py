"""Storefront pages: home, product listing and product page, all through sellable()."""
from functools import lru_cache, partial

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, select, true

from shop.catalog.cache import cached_page, rendered_part
from shop.catalog.filters import ProductFilters, parse_filters
from shop.catalog.listing import FACETS, find_products, related_products
from shop.catalog.models import Product
from shop.catalog.queries import sellable_product, spotlight_producer
from shop.catalog.version_watch import watch
from shop.catalog.where_to_buy import Outlet, holding
from shop.clock import today
from shop.extensions import db
from shop.inventory.services import available_column
from shop.links import external_url
from shop.media_store import store
from shop.orders.cart import flat_fee
from shop.search.service import close_words
from shop.uploads import THUMBNAIL_WIDTHS, thumbnail_name
from shop.web import parse_page

bp = Blueprint("catalog", __name__)
HOME_SHELF = 8
RELATED = 4
NEARBY = 4  # products offered on a search's "nothing found" page
# Drawn placeholders (static/img/groups/) for products without a photo, by the ngành's code in Decision 148.
GROUP_ART = {"I": "food", "II": "drinks", "III": "herbal", "IV": "crafts", "V": "plants", "VI": "tourism"}


@bp.app_template_global()
def products_url(filters: ProductFilters, **changes) -> str:
    """/products with `filters` kept, `changes` applied (None drops one) and paging reset."""
    args = filters.as_args() | changes
    return url_for("catalog.products", **{k: v for k, v in args.items() if v is not None})


@bp.app_template_global()
def remembered(listing, *key, caller) -> str:
    """The HTML of the block in `{% call remembered(listing, *key) %}`, rendered once per catalog version and
    language for `key` and kept by the catalog table `listing` was drawn from; for a search, rendered each time."""
    if listing.table is None:
        return caller()
    return listing.table.fragment((*key, str(get_locale())), caller)


@bp.get("/")
@cached_page
def home():
    day = today()
    return render_template(
        "catalog/home.html",
        five_star=find_products(day, ProductFilters(stars=5), 1, HOME_SHELF),
        newest=find_products(day, ProductFilters(), 1, HOME_SHELF, facets=("group", "province")),
        spotlight=spotlight_producer(day),
    )


@bp.get("/products")
@cached_page
def products():
    filters = parse_filters(request.args, swap_prices=True)
    page, per_page = parse_page(request.args, current_app.config["PRODUCTS_PER_PAGE"])
    listing = find_products(today(), filters, page, per_page, facets=FACETS)
    if page > listing.pages:
        abort(404)
    nearby = _nearby(filters) if filters.q and not listing.items else None
    return render_template("catalog/products.html", listing=listing, filters=filters, nearby=nearby)


def _nearby(filters: ProductFilters):
    """A few products to offer after a search that shows nothing, with counts of their groups."""
    for wider in _wider_searches(filters):
        listing = find_products(today(), wider, 1, NEARBY, facets=("group",))
        if listing.items:
            break
    return listing


def _wider_searches(filters: ProductFilters):
    """The same words without the filters, then the indexed words close to them, then everything on sale."""
    if filters.narrowing():
        yield ProductFilters(q=filters.q)
    close = close_words(filters.q)
    if close:
        yield ProductFilters(q=close)
    yield ProductFilters()


@lru_cache(maxsize=4)
def _stock_by_slug(day):
    """SELECT the product :slug's id, slug and unit, the units online orders may take of it, and each outlet holding
    it with its units there (outlet_*: NULL if none), in one statement built once per `day` (the shop's today,
    which the units' best-before test reads) and process."""
    available = available_column(Product.id, Product.seller_id).label("available")
    product_id = select(Product.id).where(Product.slug == bindparam("slug")).correlate(None).scalar_subquery()
    outlets = holding(day, product_id).subquery()
    return (select(Product.id, Product.slug, Product.unit, available,
                   *(column.label(f"outlet_{column.name}") for column in outlets.c))
            .outerjoin(outlets, true()).where(Product.slug == bindparam("slug"))
            .order_by(outlets.c.province, outlets.c.name, outlets.c.id))


@lru_cache(maxsize=4)
def _stock_sql(day, dialect) -> tuple[str, object]:
    """_stock_by_slug(day) compiled once for `dialect`: its SQL and its parameters with :slug left to fill in, as the
    driver takes them (a tuple of positions or a dict). SQLAlchemy would otherwise walk the whole statement at every
    execution to find it in its cache, which costs more than running it."""
    compiled = _stock_by_slug(day).compile(dialect=dialect)
    values = {name: _driver_value(compiled.binds[name], value, dialect)
              for name, value in compiled.construct_params({"slug": None}).items()}
    if compiled.positiontup is None:
        return str(compiled), values
    return str(compiled), [(values[name], name == "slug") for name in compiled.positiontup]


def _driver_value(bind, value, dialect):
    """`value` of the parameter `bind` as the driver takes it (a date as SQLite stores it)."""
    process = bind.type.dialect_impl(dialect).bind_processor(dialect)
    return process(value) if process and value is not None else value


def _stock_parameters(parameters, slug):
    """The statement's parameters for the product `slug`."""
    if isinstance(parameters, dict):
        return parameters | {"slug": slug}
    return tuple(slug if is_slug else value for value, is_slug in parameters)


def _read_stock(connect, slug) -> tuple[int, tuple]:
    """(product id, (product, available units, [(outlet, units)])) of the product `slug`, read on `connect()`; 404
    if there is none (renamed since the catalog version was read: the next request renders afresh)."""
    connection = connect()
    sql, parameters = _stock_sql(today(), connection.dialect)
    rows = connection.exec_driver_sql(sql, _stock_parameters(parameters, slug)).all()
    if not rows:
        abort(404)
    holding = [(Outlet(*row[4:-1]), row.outlet_units) for row in rows if row.outlet_slug is not None]
    return rows[0].id, (rows[0], rows[0].available, holding)


def product_stock(connect, slug) -> tuple:
    """The product `slug` (its id, slug and unit), the units online orders may take of it and the outlets holding it
    with their units: read in one statement on `connect()`, or on PostgreSQL remembered by this process until a
    notification says they changed (shop/catalog/version_watch.py)."""
    listening = watch(current_app, db.engine)
    read = partial(_read_stock, connect, slug)
    return listening.remembered(slug, today(), read) if listening else read()[1]


def product_live_parts(connect, slug) -> dict[str, str]:
    """The parts of a cached product page that change without a new catalog version: its stock figure and buy
    form (with the visitor's CSRF token), its schema.org availability and the outlets holding it now; read on
    the cache's `connect()` (without the ORM session), or remembered; the buy form rendered once whatever the
    figure, the outlets once per figures shown."""
    product, available, holding = product_stock(connect, slug)
    return {"buy": rendered_part("catalog/_buy.html", slug=product.slug, unit=product.unit, in_stock=available > 0,
                                 printed={"available": available}),
            "availability": "InStock" if available > 0 else "OutOfStock",
            "holding": rendered_part("catalog/_outlets_holding.html", holding=tuple(holding)) if holding else ""}


@bp.get("/products/<slug:slug>")
@cached_page(live_parts=product_live_parts)
def product(slug):
    found = sellable_product(today(), slug)
    if found is None:
        abort(404)
    product, certificate = found
    return render_template("catalog/product.html", product=product, certificate=certificate,
                           related=related_products(today(), product, RELATED), shipping_fee=flat_fee(product.seller))


@bp.app_template_global()
def listing_title(filters: ProductFilters, chosen: dict) -> str:
    """What a listing shows, as its heading and title: the search, else the group and province chosen."""
    if filters.q:
        return _("Kết quả cho “%(q)s”", q=filters.q)
    group, province = chosen.get("group"), chosen.get("province")
    if group and province:
        return _("%(group)s ở %(province)s — Sản phẩm OCOP", group=group, province=province)
    if group:
        return _("%(group)s — Sản phẩm OCOP", group=group)
    if province:
        return _("Sản phẩm OCOP ở %(province)s", province=province)
    if chosen.get("seller"):
        return _("Sản phẩm OCOP của %(seller)s", seller=chosen["seller"])
    if filters.stars:
        return _("Sản phẩm OCOP %(stars)s sao", stars=filters.stars)
    return _("Sản phẩm OCOP")


@bp.app_template_global()
def stock_level(product, available: int) -> str | None:
    """What a card says of its stock, untranslated: "sold-out", "low" at or under the producer's warning, or None."""
    if available <= 0:
        return "sold-out"
    return "low" if product.runs_low(available) else None


@bp.app_template_global()
def stock_label(product, available: int) -> tuple[str, str] | None:
    """A card's word on stock: ("sold-out", "Hết hàng"), ("low", "Còn ít") at or under the warning, or None."""
    level = stock_level(product, available)
    if level is None:
        return None
    return level, _("Hết hàng") if level == "sold-out" else _("Còn ít")


@bp.app_template_global()
def product_image_url(product, external: bool = False) -> str:
    """The product's photo, or its ngành's drawn placeholder when it has none."""
    build = external_url if external else url_for
    if product.image:
        return build("media.file", name=product.image)
    art = GROUP_ART.get(product.group.code.split(".")[0])
    return build("static", filename=f"img/groups/{art}.svg" if art else "img/placeholder.svg")


@bp.app_template_global()
def product_image_srcset(product) -> str:
    """The `srcset` of the product's photo and its narrower copies, or "" for a drawing or a photo without copies."""
    smallest = product.image and thumbnail_name(product.image, THUMBNAIL_WIDTHS[0])
    if not smallest or not store().exists(f"media/{smallest}"):
        return ""  # photos stored before copies were made are shown as they are
    return ", ".join(f"{url_for('media.file', name=thumbnail_name(product.image, width))} {width}w"
                     for width in THUMBNAIL_WIDTHS)
