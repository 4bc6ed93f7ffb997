"""What search engines and link previews read: JSON-LD, sitemap.xml, robots.txt."""
from flask import Blueprint, Response, render_template, url_for
from sqlalchemy import select

from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.clock import today
from shop.extensions import db
from shop.sellers.models import Seller

bp = Blueprint("seo", __name__)


@bp.app_template_global()
def product_json_ld(product, certificate, available: int) -> dict:
    """schema.org Product with its offer in VND and the OCOP rating, for search results."""
    return {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url_for("catalog.product", slug=product.slug, _external=True),
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
            "availability": "https://schema.org/" + ("InStock" if available > 0 else "OutOfStock"),
            "priceValidUntil": certificate.expires_on.isoformat(),
        },
    }


@bp.get("/sitemap.xml")
def sitemap():
    slugs = db.session.scalars(select(Product.slug).where(sellable(today())).order_by(Product.id))
    sellers = db.session.scalars(
        select(Seller.slug).where(Seller.status == "verified",
                                  Seller.id.in_(select(Product.seller_id).where(sellable(today()))))
        .order_by(Seller.id))
    urls = [url_for("catalog.home", _external=True), url_for("catalog.products", _external=True)]
    urls += [url_for("catalog.product", slug=slug, _external=True) for slug in slugs]
    urls += [url_for("sellers.producer", slug=slug, _external=True) for slug in sellers]
    return Response(render_template("sitemap.xml", urls=urls), mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", "Disallow: /api/", "Disallow: /seller/", "Disallow: /office/",
             "Disallow: /outlet/", "Disallow: /account/", "Disallow: /cart", "Disallow: /checkout",
             f"Sitemap: {url_for('seo.sitemap', _external=True)}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
