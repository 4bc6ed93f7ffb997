"""Search at 100,000 products: index build time and p50/p95 latency of 50 fixed queries.

Three figures per query: the search alone (ranked ids, filters applied in the
index), the listing page's data (count and page, through sellable()), and the
same with the four facet counts the storefront shows.

Run: `make bench` (or `.venv/bin/python bench/search.py --products 100000`).
"""
import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalog_data import build_catalog  # noqa: E402
from shop import create_app  # noqa: E402
from shop.catalog.filters import ProductFilters  # noqa: E402
from shop.catalog.listing import FACETS, find_products  # noqa: E402
from shop.search.backends import search_index  # noqa: E402
from shop.search.service import reindex  # noqa: E402

TODAY = date(2026, 6, 15)
WORDS = ["nước mắm", "nuoc mam", "chè", "che tan cuong", "mật ong", "mat ong", "gạo", "gao st25", "trà",
         "tra hoa vang", "rượu", "ruou sim", "tinh dầu", "tinh dau que", "bánh", "banh dua", "cà phê", "ca phe",
         "đặc sản", "dac san", "Đà Nẵng", "da nang", "Quảng Ninh", "quang ninh", "htx", "hợp tác xã",
         "ngọc trai", "ngoc trai", "đèn lồng", "den long", "nhung hươu", "tỏi đen", "toi den ly son", "măng",
         "miến", "giò", "gio lua", "kẹo dừa", "keo dua", "xoài", "bưởi", "chăn bông", "gốm", "mây tre", "thổ cẩm",
         "tiêu", "tieu phu quoc", "nươc mam", "mat ongg", "43"]
FILTERS = [{}, {"stars": 4}, {"sort": "price_asc"}, {"province": "ha-noi"}, {"stars": 5, "sort": "stars"}]


PASSES = 3  # measured passes over the 50 queries, after one warm-up pass


def filters_of(asked: dict) -> ProductFilters:
    """The listing's filters for one benchmark query (words added per query)."""
    return ProductFilters(sort=asked.get("sort", "relevance"), **{k: v for k, v in asked.items() if k != "sort"})


def search_only(words: str, filters: ProductFilters):
    """What the search backend does: ranked ids of matches meeting the filters (first round)."""
    return search_index().search(words, filters.criteria({})).table  # the benchmark's filters name no group


MEASURES = {
    "search": search_only,  # the index's answer, filters applied inside it
    "listing_page": lambda words, filters: find_products(TODAY, replace(filters, q=words), 1, 24),
    "listing_page_with_facets": lambda words, filters: find_products(TODAY, replace(filters, q=words), 1, 24,
                                                                   facets=FACETS),
}


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def measure_queries() -> dict:
    """p50/p95 of each measure over PASSES passes of the 50 queries, after a warm-up pass (app context needed)."""
    queries = [(words, filters_of(asked)) for words, asked in zip(WORDS, FILTERS * len(WORDS), strict=False)]
    measured = {name: [] for name in MEASURES}
    for run in range(1 + PASSES):  # the first pass warms the searcher, statement caches and the OS
        for name, measure in MEASURES.items():
            times = [timed(lambda w=words, f=filters, m=measure: m(w, f)) for words, filters in queries]
            if run:
                measured[name] += times
    return {f"{name}_ms": {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95)}
            for name, times in measured.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url or f"sqlite:///{folder}/bench.db",
                          "SHOP_TODAY": TODAY, "SEARCH_INDEX_DIR": f"{folder}/index",
                          "SEARCH_BACKEND": args.backend})
        with app.app_context():
            build_catalog(args.products, TODAY, sellers=2000)
            build_seconds = timed(reindex) / 1000
            latencies = measure_queries()
    print(json.dumps({
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "products": args.products, "backend": args.backend, "index_build_s": round(build_seconds, 1),
        "queries": len(WORDS), "passes": PASSES, **latencies,
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
