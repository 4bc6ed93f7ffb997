"""Where to buy: /outlets, the OCOP outlets by province and kind, and /outlets/<slug>, one outlet with the
certified products it holds now. Never cached: outlet stock changes without a new catalog version."""
from urllib.parse import quote

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _

from shop.catalog.where_to_buy import (
    OUTLET_KINDS,
    OUTLETS_PER_PAGE,
    OutletFilters,
    certified_stock,
    outlet_directory,
    parse_outlet_filters,
    provinces_with_outlets,
)
from shop.clock import today
from shop.inventory.models import KIND_LABELS
from shop.inventory.outlets import find_outlet
from shop.places import PROVINCE_SLUGS
from shop.text import slugify
from shop.web import found_or_404, parse_page

bp = Blueprint("outlets", __name__)
# A search in the visitor's maps app (Google Maps' documented URL: no key, opens the app on a phone).
MAPS_SEARCH = "https://www.google.com/maps/search/?api=1&query="


@bp.get("/outlets")
def outlets():
    filters = parse_outlet_filters(request.args)
    page, per_page = parse_page(request.args, OUTLETS_PER_PAGE)
    listing = outlet_directory(filters, page, per_page)
    if page > max(listing.pages, 1):
        abort(404)
    kept = filters.as_args() | ({"per_page": per_page} if per_page != OUTLETS_PER_PAGE else {})
    return render_template("outlets/directory.html", listing=listing, filters=filters, kept=kept,
                           provinces=provinces_with_outlets(), kinds=OUTLET_KINDS)


@bp.get("/outlets/<slug:slug>")
def outlet(slug):
    place = found_or_404(find_outlet(slug))
    return render_template("outlets/outlet.html", outlet=place, lines=certified_stock(place, today()))


@bp.app_template_global()
def outlets_title(filters: OutletFilters) -> str:
    """What the directory shows, as its heading and title: the kind of outlet and the province chosen."""
    province, kind = filters.province_name, KIND_LABELS.get(filters.kind)
    where = _("Nơi mua sản phẩm OCOP ở %(province)s", province=province) if province else _("Nơi mua sản phẩm OCOP")
    return _("%(where)s: %(kind)s", where=where, kind=kind) if kind else where


@bp.app_template_global()
def full_address(place) -> str:
    """The place's street address, commune and province, as one line."""
    return ", ".join(part for part in (place.address, place.commune, place.province) if part)


@bp.app_template_global()
def maps_url(place) -> str:
    """A link that opens the place's address (its name, when it has none) in the visitor's maps app."""
    where = full_address(place) if place.address else f"{place.name}, {full_address(place)}"
    return MAPS_SEARCH + quote(f"{where}, Việt Nam")


@bp.app_template_global()
def outlets_in(province: str) -> str:
    """/outlets filtered to the province of this name."""
    return url_for("outlets.outlets", province=slugify(province))


@bp.app_template_global()
def province_choices() -> dict:
    """The 34 provinces, slug to name, for a province <select> (the same on every page: cacheable)."""
    return PROVINCE_SLUGS
