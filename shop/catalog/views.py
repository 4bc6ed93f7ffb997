"""Storefront pages: home, product listing and product page, all through sellable()."""
from flask import Blueprint, abort, current_app, render_template, request

from shop.catalog.queries import available_units, product_page, sellable_product
from shop.clock import today

bp = Blueprint("catalog", __name__)
HOME_SHELF = 8


@bp.get("/")
def home():
    return render_template(
        "catalog/home.html",
        five_star=product_page(today(), 1, HOME_SHELF, stars=5),
        newest=product_page(today(), 1, HOME_SHELF),
    )


@bp.get("/products")
def products():
    page = request.args.get("page", 1, type=int)
    if page < 1:
        abort(404)
    listing = product_page(today(), page, current_app.config["PRODUCTS_PER_PAGE"])
    if page > listing.pages:
        abort(404)
    return render_template("catalog/products.html", listing=listing)


@bp.get("/products/<slug>")
def product(slug):
    found = sellable_product(today(), slug)
    if found is None:
        abort(404)
    product, certificate = found
    return render_template("catalog/product.html", product=product, certificate=certificate,
                           available=available_units(product))
