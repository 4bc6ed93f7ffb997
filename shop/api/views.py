"""/api/v1: products as JSON, through the same queries (and sellable()) as the pages."""
from flask import Blueprint, request

from shop.catalog.queries import product_page, sellable_product
from shop.clock import today
from shop.errors import api_error

bp = Blueprint("api", __name__)
MAX_PER_PAGE = 100


class BadParameter(ValueError):
    """A query parameter out of range; answered with 400."""


def _int_arg(name: str, default: int | None, low: int, high: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, got {raw!r}") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high else f"at least {low}"
        raise BadParameter(f"{name} must be {bound}, got {value}")
    return value


@bp.errorhandler(BadParameter)
def _bad_parameter(error):
    return api_error(400, "bad_parameter", str(error))


def product_json(product, certificate) -> dict:
    """The public JSON shape of a sellable product."""
    seller = product.seller
    return {
        "slug": product.slug,
        "name": product.name,
        "price_vnd": product.price_vnd,
        "unit": product.unit,
        "stars": certificate.stars,
        "group": {"slug": product.group.slug, "name": product.group.name},
        "province": seller.province,
        "seller": {"slug": seller.slug, "name": seller.name, "owner_type": seller.owner_type},
        "certificate": {"code": certificate.code, "expires_on": certificate.expires_on.isoformat()},
    }


@bp.get("/products")
def products():
    page = _int_arg("page", 1, 1)
    per_page = _int_arg("per_page", 24, 1, MAX_PER_PAGE)
    stars = _int_arg("stars", None, 3, 5)
    listing = product_page(today(), page, per_page, stars=stars)
    return {"items": [product_json(p, c) for p, c in listing.items],
            "total": listing.total, "page": page, "per_page": per_page}


@bp.get("/products/<slug>")
def product(slug):
    found = sellable_product(today(), slug)
    if found is None:
        return api_error(404, "not_found", f"no product on sale with slug {slug!r}")
    return product_json(*found)
