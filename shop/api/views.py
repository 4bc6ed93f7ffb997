"""/api/v1: products as JSON, through the same listing code (and sellable()) as the pages, and the OCOP outlets
with the certified products they hold (uncached, like the outlet pages)."""
from flask import Blueprint, current_app, request

from shop.api.openapi import openapi_document
from shop.catalog.cache import cached_page
from shop.catalog.filters import parse_filters, require_words
from shop.catalog.gtin import GtinInvalid
from shop.catalog.listing import find_products
from shop.catalog.queries import sellable_product
from shop.catalog.where_to_buy import (
    OUTLETS_PER_PAGE,
    certified_stock,
    outlet_directory,
    outlets_holding,
    parse_outlet_filters,
)
from shop.certification.services import find_certificate, public_status
from shop.clock import now, today
from shop.errors import api_error
from shop.inventory.outlets import find_outlet
from shop.inventory.services import available_units
from shop.links import external_url
from shop.trace.services import (
    batch_path,
    batch_value,
    canonical,
    find_traced_batch,
    gtin_of,
    trace,
    traced_batches,
)
from shop.trace.trail import batch_trail, product_trail, trail_json
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
        "certificate": certificate_ref(certificate),
    }


def certificate_ref(certificate) -> dict:
    """A certificate as a product's answer names it: its code and when it runs out."""
    return {"code": certificate.code, "expires_on": certificate.expires_on.isoformat()}


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
    product, certificate = found
    return {**product_json(product, certificate), "available": available_units(product),
            "outlets": [{"slug": place.slug, "name": place.name, "province": place.province, "on_hand": on_hand}
                        for place, on_hand in outlets_holding(product, today())]}


def outlet_json(place) -> dict:
    """The public JSON shape of an OCOP outlet."""
    return {"slug": place.slug, "name": place.name, "kind": place.kind, "province": place.province,
            "commune": place.commune, "address": place.address}


@bp.get("/outlets")
def outlets():
    filters = parse_outlet_filters(request.args)
    page, per_page = parse_page(request.args, OUTLETS_PER_PAGE)
    listing = outlet_directory(filters, page, per_page)
    return {"items": [outlet_json(place) for place in listing.items], "total": listing.total, "page": page,
            "per_page": per_page}


@bp.get("/outlets/<slug:slug>/stock")
def outlet_stock(slug):
    place = find_outlet(slug)
    if place is None:
        return api_error(404, "not_found", f"no OCOP outlet with slug {slug!r}")
    items = [{"slug": line.product.slug, "name": line.product.name, "stars": line.certificate.stars,
              "on_hand": line.on_hand, "certificate": certificate_ref(line.certificate)}
             for line in certified_stock(place, today())]
    return {"outlet": {**outlet_json(place), "opening_hours": place.opening_hours, "phone": place.phone},
            "items": items}


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


@bp.get("/trace/<gtin>")
def trace_product(gtin):
    """A product by its GTIN (13 digits, or 14 with a leading 0): what /01/<gtin> shows, its recent trail included,
    as JSON."""
    try:
        gtin = gtin_of(gtin)
    except GtinInvalid as refused:
        return _bad_gtin(refused)
    found = trace(gtin, today())
    if found is None:
        return api_error(404, "not_found", f"no OCOP product carries GTIN {gtin}")
    return {**_trace_json(found, gtin), "batches": [_batch_ref(gtin, batch) for batch in traced_batches(found.product)],
            "trail": trail_json(product_trail(found.product, now()))}


@bp.get("/trace/<gtin>/<path:batch>")
def trace_batch(gtin, batch):
    """One batch of a product (AI 10's value): what /01/<gtin>/10/<batch> shows, its trail included, as JSON."""
    try:
        gtin, value = gtin_of(gtin), batch_value(batch)
    except GtinInvalid as refused:  # a batch value outside GS1's AI 10 syntax too
        return _bad_gtin(refused)
    found = trace(gtin, today())
    if found is None:
        return api_error(404, "not_found", f"no OCOP product carries GTIN {gtin}")
    lot = find_traced_batch(found.product, value)
    if lot is None:
        return api_error(404, "not_found", f"GTIN {gtin} has no batch {value!r}")
    return {**_trace_json(found, gtin), "batch": {**_batch_ref(gtin, lot), "produced_on": lot.produced_on.isoformat(),
                                                  "past_best_before": lot.best_before < today()},
            "trail": trail_json(batch_trail(lot))}


def _bad_gtin(refused: GtinInvalid):
    """The 404 of a malformed GTIN or batch value, with the reason for people."""
    return {"error": {"code": "bad_gtin", "message": refused.problem}, "reason": str(refused)}, 404


def _trace_json(found, gtin: str) -> dict:
    """What a Digital Link scan is told about a product, as JSON: its producer and its certificate's status."""
    product, seller = found.product, found.product.seller
    return {
        "gtin": gtin,
        "digital_link": external_url("trace.product", gtin=canonical(gtin)),
        "status": found.status,
        "product": {"slug": product.slug, "name": product.name, "unit": product.unit, "on_sale": found.on_sale,
                    "url": external_url("catalog.product", slug=product.slug) if found.on_sale else None},
        "seller": {"slug": seller.slug, "name": seller.name, "owner_type": seller.owner_type,
                   "province": seller.province},
        "certificate": certificate_json(found.certificate, found.status) if found.status != "unknown" else None,
    }


def _batch_ref(gtin: str, batch) -> dict:
    """A batch as a product's answer lists it: its code, best-before and Digital Link."""
    return {"code": batch.code, "best_before": batch.best_before.isoformat(),
            "digital_link": external_url("trace.product", gtin=canonical(gtin)) + batch_path(batch.code)}


@bp.get("/openapi.json")
def openapi():
    return openapi_document(external_url("api.products").removesuffix("/products"))
