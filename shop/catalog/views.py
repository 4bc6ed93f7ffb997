"""Storefront pages: home, product listing and product page, all through sellable()."""
from flask import Blueprint, abort, current_app, render_template, request, url_for

from shop.catalog.listing import SORTS, BadFilter, find_products, parse_filters, parse_page
from shop.catalog.listing import ProductFilters
from shop.catalog.queries import available_units, sellable_product
from shop.clock import today

bp = Blueprint("catalog", __name__)
HOME_SHELF = 8


@bp.errorhandler(BadFilter)
def _bad_filter(error):
    return render_template("errors/error.html", status=400, message=str(error)), 400


@bp.app_template_global()
def products_url(filters: ProductFilters, **changes) -> str:
    """/products with `filters` kept, `changes` applied (None drops one) and paging reset."""
    args = filters.as_args() | changes
    return url_for("catalog.products", **{k: v for k, v in args.items() if v is not None})


@bp.get("/")
def home():
    return render_template(
        "catalog/home.html",
        five_star=find_products(today(), ProductFilters(stars=5), 1, HOME_SHELF),
        newest=find_products(today(), ProductFilters(), 1, HOME_SHELF, facets=True),
    )


@bp.get("/products")
def products():
    filters = parse_filters(request.args)
    page, per_page = parse_page(request.args, current_app.config["PRODUCTS_PER_PAGE"])
    listing = find_products(today(), filters, page, per_page, facets=True)
    if page > listing.pages:
        abort(404)
    return render_template("catalog/products.html", listing=listing, filters=filters, sorts=SORTS)


@bp.get("/products/<slug>")
def product(slug):
    found = sellable_product(today(), slug)
    if found is None:
        abort(404)
    product, certificate = found
    return render_template("catalog/product.html", product=product, certificate=certificate,
                           available=available_units(product))
