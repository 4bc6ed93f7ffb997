"""The long tail of listings: wrk cycling through 400 distinct listing URLs at 10,000 products, on a server
started afresh, vs hello-world; and the in-process cold render of /products with its facets (p50/p95).

The URLs are pages, stars × sort × page, groups and provinces: what a crawler or a
shopper paging through filters asks for, mostly pages no worker has cached yet.
Run: `make bench` (or `.venv/bin/python bench/longtail.py`).
"""
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.catalog import bench_catalog  # noqa: E402
from bench.cycling import cycle  # noqa: E402
from shop.catalog.filters import SORTS  # noqa: E402
from shop.catalog.models import ProductGroup  # noqa: E402
from shop.catalog.table import TABLE  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.places import PROVINCE_SLUGS  # noqa: E402

URLS, RUNS = 400, 50


def candidates(group_slugs: list[str]) -> list[str]:
    """Listing URLs a crawler finds by following the listing's links, in a shuffled order."""
    sorts = [sort for sort in SORTS if sort != "relevance"]
    urls = [f"/products?page={page}" for page in range(2, 200)]
    urls += [f"/products?stars={stars}&sort={sort}&page={page}"
             for stars in (3, 4, 5) for sort in sorts for page in range(1, 11)]
    urls += [f"/products?group={slug}&page={page}" for slug in group_slugs for page in (1, 2)]
    urls += [f"/products?province={slug}&sort={sort}" for slug in PROVINCE_SLUGS for sort in sorts[:2]]
    random.Random(19).shuffle(urls)
    return ["/products", *urls]


def cold_render_ms(app, path: str, *, table_too: bool) -> dict:
    """p50/p95 milliseconds to render `path` with no page cached (and, with `table_too`, no catalog table)."""
    client, times = app.test_client(), []
    for _ in range(RUNS):
        app.extensions.pop("catalog_cache", None)
        if table_too:
            app.extensions.pop(TABLE, None)
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": round(times[RUNS // 2], 1), "p95": round(times[int(RUNS * 0.95)], 1)}


def main():
    with bench_catalog(__doc__.splitlines()[0]) as (app, url, products):
        with app.app_context():
            slugs = db.session.scalars(select(ProductGroup.slug).order_by(ProductGroup.id)).all()
        client = app.test_client()
        paths = [path for path in candidates(slugs) if client.get(path).status_code == 200][:URLS]
        cold = {"/products": cold_render_ms(app, "/products", table_too=False),
                "/products after a catalog change": cold_render_ms(app, "/products", table_too=True)}
        results = {"products": products, "cold_render_ms": cold, **cycle(url, paths)}
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
