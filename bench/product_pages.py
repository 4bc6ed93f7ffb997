"""Product pages under load: wrk cycling through 200 distinct /products/<slug> at 10,000 products, vs hello-world.

A product page is cached with holes (its stock, buy form with the visitor's CSRF
token and outlets are filled in per request: three queries).
Run: `make bench` (or `.venv/bin/python bench/product_pages.py`).
"""
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.catalog import bench_catalog  # noqa: E402
from bench.cycling import cycle  # noqa: E402
from shop.catalog.models import Product  # noqa: E402
from shop.extensions import db  # noqa: E402

PAGES = 200


def main():
    with bench_catalog(__doc__.splitlines()[0]) as (app, url, products):
        with app.app_context():
            slugs = db.session.scalars(select(Product.slug).order_by(Product.id)).all()
        paths = [f"/products/{slug}" for slug in random.Random(19).sample(slugs, PAGES)]
        results = {"products": products, **cycle(url, paths, warm_up=2)}
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
