"""What search engines, link previews and browsers read: JSON-LD, sitemap.xml, robots.txt, the shop's icons."""
from flask import Blueprint, Response, current_app, render_template, request
from sqlalchemy import select

from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.clock import today
from shop.extensions import db
from shop.inventory.models import Location
from shop.links import external_url
from shop.sellers.models import Seller

bp = Blueprint("seo", __name__)


@bp.app_template_global()
def product_json_ld(product, certificate, availability: str) -> dict:
    """schema.org Product with its offer in VND and the OCOP rating, for search results; `availability`:
    "InStock" or "OutOfStock" (on the cached product page, a live part)."""
    return {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": external_url("catalog.product", slug=product.slug),
        "category": product.group.name,
        "brand": {"@type": "Organization", "name": product.seller.name},
        "additionalProperty": [
            {"@type": "PropertyValue", "name": "OCOP", "value": f"{certificate.stars} sao"},
            {"@type": "PropertyValue", "name": "OCOP certificate", "value": certificate.code},
        ],
        "offers": {
            "@type": "Offer",
            "price": product.price_vnd,
            "priceCurrency": "VND",
            "availability": "https://schema.org/" + availability,
            "priceValidUntil": certificate.expires_on.isoformat(),
        },
    }


@bp.get("/sitemap.xml")
def sitemap():
    slugs = db.session.scalars(select(Product.slug).where(sellable(today())).order_by(Product.id))
    sellers = db.session.scalars(
        select(Seller.slug).where(Seller.verified,
                                  Seller.id.in_(select(Product.seller_id).where(sellable(today()))))
        .order_by(Seller.id))
    outlets = db.session.scalars(select(Location.slug).where(Location.kind != "warehouse").order_by(Location.id))
    urls = [external_url("catalog.home"), external_url("catalog.products"), external_url("outlets.outlets")]
    urls += [external_url("catalog.product", slug=slug) for slug in slugs]
    urls += [external_url("producers.producer", slug=slug) for slug in sellers]
    urls += [external_url("outlets.outlet", slug=slug) for slug in outlets]
    return Response(render_template("sitemap.xml", urls=urls), mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", "Disallow: /api/", "Disallow: /seller/", "Disallow: /office/",
             "Disallow: /outlet/", "Disallow: /account/", "Disallow: /cart", "Disallow: /checkout",
             f"Sitemap: {external_url('seo.sitemap')}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/favicon.ico")
@bp.get("/apple-touch-icon.png")
def icon():
    """The shop's icon where browsers and phones look for it unasked (the pages link the SVG and these too)."""
    return current_app.send_static_file("img" + request.path)
