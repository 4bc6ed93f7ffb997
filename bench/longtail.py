"""The long tail of listings: wrk cycling through 400 distinct listing URLs at 10,000 products, on a server
started afresh, vs hello-world; and the in-process cold render of /products with its facets (p50/p95).

The URLs are pages, stars × sort × page, groups and provinces: what a crawler or a
shopper paging through filters asks for, mostly pages no worker has cached yet.
The cold render is timed with no page cached (the catalog table read), and apart
from it the table's own read (what a worker pays once per catalog version).
With `--cold-only` (`make bench` at 100,000 products) no server is started.
Run: `make bench` (or `.venv/bin/python bench/longtail.py [--products 100000 --cold-only]`).
"""
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.catalog import TODAY, bench_catalog  # noqa: E402
from bench.cycling import cycle  # noqa: E402
from shop.catalog.filters import SORTS  # noqa: E402
from shop.catalog.models import ProductGroup  # noqa: E402
from shop.catalog.table import TABLE, catalog_table  # noqa: E402
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


def cold_render_ms(app, path: str, *, table_too: bool, runs: int = RUNS) -> dict:
    """p50/p95 milliseconds to render `path` with no page cached (and, with `table_too`, no catalog table)."""
    client, times = app.test_client(), []
    for _ in range(runs):
        app.extensions.pop("catalog_cache", None)
        if table_too:
            app.extensions.pop(TABLE, None)
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": round(times[runs // 2], 1), "p95": round(times[int(runs * 0.95)], 1)}


def table_read_ms(app, today) -> float:
    """Milliseconds to read the catalog table (and its product groups) afresh: once per catalog version per worker."""
    with app.app_context():
        app.extensions.pop(TABLE, None)
        started = time.perf_counter()
        catalog_table(today)
        return round((time.perf_counter() - started) * 1000, 1)


def main():
    with bench_catalog(__doc__.splitlines()[0], cold_only=True) as (app, url, products, cold_only):
        with app.app_context():
            slugs = db.session.scalars(select(ProductGroup.slug).order_by(ProductGroup.id)).all()
        client = app.test_client()
        paths = [path for path in candidates(slugs) if client.get(path).status_code == 200][:URLS]
        cold = {"/products": cold_render_ms(app, "/products", table_too=False),
                "/products?stars=4&sort=price_asc&page=7": cold_render_ms(
                    app, "/products?stars=4&sort=price_asc&page=7", table_too=False),
                "/products after a catalog change": cold_render_ms(app, "/products", table_too=True, runs=RUNS // 5)}
        results = {"products": products, "database": url.split(":")[0], "cold_render_ms": cold,
                   "table_read_ms": table_read_ms(app, TODAY)}
        if not cold_only:
            results |= cycle(url, paths)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
