"""Storefront pages: home, product listing and product page, all through sellable()."""
from flask import Blueprint, abort, current_app, render_template, request, url_for

from shop.catalog.cache import cached_page
from shop.catalog.filters import ProductFilters, parse_filters
from shop.catalog.listing import FACETS, find_products
from shop.catalog.queries import sellable_product, spotlight_producer
from shop.clock import today
from shop.inventory.services import available_units
from shop.links import external_url
from shop.search.service import close_words
from shop.web import parse_page

bp = Blueprint("catalog", __name__)
HOME_SHELF = 8
RELATED = 4
NEARBY = 4  # products offered on a search's "nothing found" page


@bp.app_template_global()
def products_url(filters: ProductFilters, **changes) -> str:
    """/products with `filters` kept, `changes` applied (None drops one) and paging reset."""
    args = filters.as_args() | changes
    return url_for("catalog.products", **{k: v for k, v in args.items() if v is not None})


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


@bp.get("/products/<slug:slug>")
def product(slug):
    found = sellable_product(today(), slug)
    if found is None:
        abort(404)
    product, certificate = found
    same_group = find_products(today(), ProductFilters(group=product.group.slug), 1, RELATED + 1)
    related = [(p, c) for p, c in same_group.items if p.id != product.id][:RELATED]
    return render_template("catalog/product.html", product=product, certificate=certificate,
                           available=available_units(product), related=related)


@bp.app_template_global()
def product_image_url(product, external: bool = False) -> str:
    """The product's photo, or a neutral placeholder when it has none."""
    build = external_url if external else url_for
    if product.image:
        return build("media.file", name=product.image)
    return build("static", filename="img/placeholder.svg")
