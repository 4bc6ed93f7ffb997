"""Product pages under load: wrk cycling through 200 distinct /products/<slug> at 10,000 products, vs hello-world.

A product page is never cached whole (its form carries the visitor's CSRF token),
so every request renders it. Run: `make bench` (or `.venv/bin/python bench/product_pages.py`).
"""
import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.catalog_data import build_catalog  # noqa: E402
from bench.cycling import TODAY, cycle  # noqa: E402
from shop import create_app  # noqa: E402
from shop.catalog.models import Product  # noqa: E402
from shop.extensions import db  # noqa: E402

PAGES = 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--database-url", help="PostgreSQL URL of an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SHOP_TODAY": TODAY})
        with app.app_context():
            build_catalog(args.products, TODAY)
            slugs = db.session.scalars(select(Product.slug).order_by(Product.id)).all()
        paths = [f"/products/{slug}" for slug in random.Random(19).sample(slugs, PAGES)]
        results = {"products": args.products, **cycle(url, paths, warm_up=2)}
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
