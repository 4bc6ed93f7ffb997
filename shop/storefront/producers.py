"""Public producer profile: /producers/<slug> with its products on sale."""
from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select

from shop.catalog.filters import ProductFilters
from shop.catalog.listing import find_products
from shop.clock import today
from shop.extensions import db
from shop.sellers.models import Seller
from shop.web import found_or_404, parse_page

bp = Blueprint("producers", __name__)


@bp.get("/producers/<slug:slug>")
def producer(slug):
    seller = found_or_404(db.session.scalar(select(Seller).where(Seller.slug == slug, Seller.verified)))
    page, per_page = parse_page(request.args, current_app.config["PRODUCTS_PER_PAGE"])
    listing = find_products(today(), ProductFilters(seller=seller.slug), page, per_page)
    if page > listing.pages:
        abort(404)
    return render_template("producers/producer.html", seller=seller, listing=listing)
