"""Catalog listing under load: /products at 10,000 products vs a bare Flask hello-world.

Both run on gunicorn with the same settings, side by side, loaded by wrk in turns in the same run
(`in_turns`), so the ratio (listing req/s ÷ hello-world req/s) means something on any machine.
Run: `make bench` (or `.venv/bin/python bench/catalog.py --products 10000`).
"""
import argparse
import json
import os
import platform
import re
import statistics
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
ROUNDS = 5  # each load's SECONDS are ROUNDS windows, taken in turns with the others' (see in_turns)


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


def in_turns(loads: dict[str, tuple[str, str | None]], seconds: int = SECONDS) -> dict:
    """Load each of `loads` ({name: (URL, wrk script or None)}) with wrk for `seconds` in all, in turns:
    ROUNDS windows each, one load after the other. The machine's speed drifts by 10 % and more from one
    minute to the next; hello-world measured in one block and the shop in the next put that drift into
    their ratio, while windows taken in turns share it."""
    windows = {name: [] for name in loads}
    for _ in range(ROUNDS):
        for name, (url, script) in loads.items():
            windows[name].append(wrk(url, seconds // ROUNDS, script))
    return {name: _summed(runs) for name, runs in windows.items()}


def _summed(windows: list[dict]) -> dict:
    """One load's windows as one figure: the mean rate, the median window's p50, the worst window's p99."""
    return {"req_per_s": round(statistics.mean(window["req_per_s"] for window in windows), 2),
            "p50": f"{statistics.median(_ms(window['p50']) for window in windows):.2f}ms",
            "p99": f"{max(_ms(window['p99']) for window in windows):.2f}ms",
            "errors": sum(window["errors"] for window in windows)}


def _ms(latency: str) -> float:
    """wrk's latency ("850.00us", "3.85ms", "1.02s") in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", latency).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


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
                   "wrk": f"-t{THREADS} -c{CONNECTIONS}, {SECONDS} s in {ROUNDS} windows in turns"}
        pages = {"listing": "/products", "listing_filtered": "/products?stars=4&sort=price_asc",
                 "api": "/api/v1/products"}
        with running_app("bench.hello:app", env, WORKERS) as hello, running_app("wsgi:app", env, WORKERS) as base:
            for warmed in (f"{hello}/", *(f"{base}{path}" for path in pages.values())):
                wrk(warmed, 2)  # warm up: every worker started, each page cached
            results |= in_turns({"hello": (f"{hello}/", None),
                                 **{name: (f"{base}{path}", None) for name, path in pages.items()}})
    for name in ("listing", "listing_filtered", "api"):
        results[name]["ratio_to_hello"] = round(results[name]["req_per_s"] / results["hello"]["req_per_s"], 3)
    results["cold_render_ms"] = cold
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
