"""/search (the listing with a query) and /search/suggest (names for the search box, as JSON)."""
from flask import Blueprint, redirect, request, url_for
from sqlalchemy import select

from shop.catalog.filters import LISTING_ARGS, MAX_QUERY_LENGTH
from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.clock import today
from shop.extensions import db
from shop.search.service import suggest_ids

bp = Blueprint("search", __name__)
SUGGESTIONS = 8


@bp.get("/search")
def search():
    """The search results are the listing page with `q`: same filters, sorts and facet counts.

    Only the listing's own parameters pass on: url_for would read others (`_scheme`, `_anchor`, `endpoint`).
    """
    kept = {name: request.args.getlist(name) for name in LISTING_ARGS if name in request.args}
    return redirect(url_for("catalog.products", **kept), code=302)


@bp.get("/search/suggest")
def suggest():
    """Up to 8 products on sale whose names start like the typed words: [{"name", "url"}]."""
    text = " ".join(request.args.get("q", "").split())[:MAX_QUERY_LENGTH]
    ids = suggest_ids(text, SUGGESTIONS * 3) if text else []
    rows = db.session.execute(select(Product.id, Product.name, Product.slug)
                              .where(Product.id.in_(ids), sellable(today()))).all() if ids else []
    by_id = {pid: (name, slug) for pid, name, slug in rows}
    ranked = [by_id[pid] for pid in ids if pid in by_id][:SUGGESTIONS]
    return {"q": text, "suggestions": [{"name": name, "url": url_for("catalog.product", slug=slug)}
                                       for name, slug in ranked]}
