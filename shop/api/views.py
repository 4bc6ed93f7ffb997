"""/api/v1: products as JSON, through the same listing code (and sellable()) as the pages."""
from flask import Blueprint, current_app, request

from shop.api.openapi import openapi_document
from shop.catalog.cache import cached_page
from shop.catalog.filters import parse_filters, require_words
from shop.catalog.listing import find_products
from shop.catalog.queries import sellable_product
from shop.certification.services import find_certificate, public_status
from shop.clock import today
from shop.errors import api_error
from shop.links import external_url
from shop.web import parse_page

bp = Blueprint("api", __name__)


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
@cached_page
def products():
    filters = require_words(parse_filters(request.args))
    page, per_page = parse_page(request.args, current_app.config["PRODUCTS_PER_PAGE"])
    listing = find_products(today(), filters, page, per_page)
    return {"items": [product_json(p, c) for p, c in listing.items],
            "total": listing.total, "total_capped": listing.capped, "page": page, "per_page": per_page}


@bp.get("/products/<slug:slug>")
def product(slug):
    found = sellable_product(today(), slug)
    if found is None:
        return api_error(404, "not_found", f"no product on sale with slug {slug!r}")
    return product_json(*found)


def certificate_json(certificate, status: str) -> dict:
    """What anyone may know about a certificate: its status and what it certifies."""
    product, seller = certificate.product, certificate.product.seller
    return {
        "code": certificate.code,
        "status": status,
        "stars": certificate.stars,
        "decision_number": certificate.decision_number,
        "decision_date": certificate.decision_date.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
        "authority": certificate.authority,
        "revoked_reason": certificate.status_reason if status == "revoked" else None,
        "product": {"slug": product.slug, "name": product.name},
        "seller": {"slug": seller.slug, "name": seller.name, "owner_type": seller.owner_type},
    }


@bp.get("/certificates/<code:code>")
def certificate(code):
    found = find_certificate(code)
    status = public_status(found, today())
    if status == "unknown":
        body = {"code": code, "status": "unknown",
                "error": {"code": "not_found", "message": f"no OCOP certificate with code {code!r}"}}
        return body, 404
    return certificate_json(found, status)


@bp.get("/openapi.json")
def openapi():
    return openapi_document(external_url("api.products").removesuffix("/products"))
