"""Catalog listing under load: /products at 10,000 products vs a bare Flask hello-world.

Both run on gunicorn with the same settings, loaded by wrk in the same run, so
the ratio (listing req/s ÷ hello-world req/s) means something on any machine.
Run: `make bench` (or `.venv/bin/python bench/catalog.py --products 10000`).
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalog_data import build_catalog  # noqa: E402
from shop import create_app  # noqa: E402
from tests.support.server import running_app  # noqa: E402

TODAY = date(2026, 6, 15)
WORKERS, THREADS, CONNECTIONS, SECONDS = 2, 2, 16, 10


def wrk(url: str, seconds: int = SECONDS, script: str | None = None) -> dict:
    """Requests per second and latency of `url` under wrk -t2 -c16 (with a Lua `script` if given)."""
    out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
                          *(["-s", script] if script else []), url],
                         capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"req_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1),
            "p99": re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1),
            "errors": int(non_2xx.group(1)) if non_2xx else 0}


def cold_render_ms(app, path: str, runs: int = 20) -> float:
    """Milliseconds to render `path` with an empty cache (what the first visitor after a change waits)."""
    client = app.test_client()
    started = time.perf_counter()
    for _ in range(runs):
        app.extensions.pop("catalog_cache", None)
        client.get(path)
    return round((time.perf_counter() - started) / runs * 1000, 1)


@contextmanager
def bench_catalog(description: str, *, cold_only: bool = False):
    """Read --products and --database-url (and, if `cold_only`, --cold-only), build that catalog; yields (app,
    database URL, products) (and whether only the in-process cold renders are asked for)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--database-url", help="PostgreSQL URL of an empty database (default: a temporary SQLite file)")
    if cold_only:
        parser.add_argument("--cold-only", action="store_true", help="time the in-process renders only (no wrk)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SHOP_TODAY": TODAY})
        with app.app_context():
            build_catalog(args.products, TODAY)
        yield (app, url, args.products, args.cold_only) if cold_only else (app, url, args.products)


def main():
    with bench_catalog(__doc__.splitlines()[0]) as (app, url, products):
        cold = {path: cold_render_ms(app, path) for path in ("/products", "/products?stars=4&sort=price_asc", "/")}
        env = {**os.environ, "DATABASE_URL": url, "SHOP_TODAY": TODAY.isoformat(), "SECRET_KEY": "bench"}
        results = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
                   "products": products, "database": url.split(":")[0], "gunicorn": f"{WORKERS} sync workers",
                   "wrk": f"-t{THREADS} -c{CONNECTIONS} -d{SECONDS}s"}
        with running_app("bench.hello:app", env, WORKERS) as base:
            wrk(f"{base}/", 2)
            results["hello"] = wrk(f"{base}/")
        with running_app("wsgi:app", env, WORKERS) as base:
            for name, path in (("listing", "/products"), ("listing_filtered", "/products?stars=4&sort=price_asc"),
                               ("api", "/api/v1/products")):
                wrk(f"{base}{path}", 2)
                results[name] = wrk(f"{base}{path}")
    for name in ("listing", "listing_filtered", "api"):
        results[name]["ratio_to_hello"] = round(results[name]["req_per_s"] / results["hello"]["req_per_s"], 3)
    results["cold_render_ms"] = cold
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
