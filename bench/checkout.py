"""Checkouts under load: completed cash-on-delivery checkouts per second with 16 concurrent buyers
against gunicorn, and the oversell count on a scarce product (must be 0).

Each buyer is a real HTTP client with its own cookies: product page, add to cart,
checkout page, place order (4 requests). The baseline is a bare Flask
hello-world on the same gunicorn settings, loaded by the same client code in the
same run, so the ratios compare across machines: `ratio_to_hello` is checkouts/s ÷ hello requests/s, and
`request_ratio_to_hello` the issue's measure, the requests of completed checkouts (4 each) per second ÷ hello
requests/s. `all_requests_per_s` also counts the requests of attempts that did not end in an order (a product
sold out at its page: one request; an order refused: four).
Both servers run side by side and are measured in turns, ROUNDS windows each of SECONDS in all: the machine's
speed drifts by 10 % and more from one minute to the next, and one window each put that drift into the ratio.
Both are loaded for WARM_UP_SECONDS before their measured windows, as bench/catalog.py warms up before
wrk measures: gunicorn answers once its first worker is up, while the others still import the shop (about 2 s of
CPU each) and each worker's first requests compile its templates and statements; the warm-up buys only the
plentiful products, so the scarce one is contested in the measured windows.
Run: `make bench` (or `.venv/bin/python bench/checkout.py [--database-url postgresql+psycopg://…]`).
"""
import argparse
import json
import os
import platform
import random
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from shop import create_app  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.inventory.models import StockLevel, StockMovement  # noqa: E402
from shop.orders.models import OrderLine  # noqa: E402
from tests.factories import make_product, make_seller  # noqa: E402
from tests.orders.support import BUYER  # noqa: E402
from tests.support.server import running_app  # noqa: E402
from tests.support.visitor import NoForm, Visitor  # noqa: E402

TODAY = date(2026, 6, 15)
OUTCOMES_LOCK = threading.Lock()
BUYERS, SECONDS, WORKERS, SCARCE_STOCK, WARM_UP_SECONDS, ROUNDS = 16, 15, 4, 20, 3, 3


def build_shop() -> list[str]:
    """Five producers with plenty of stock, and one scarce product that buyers compete for."""
    slugs = []
    for n in range(5):
        seller = make_seller(f"HTX Thử Tải {n}", province="Hà Nội")
        slugs += [make_product(f"Sản phẩm {n}-{k}", seller=seller, stock=1_000_000).slug for k in range(4)]
    scarce = make_product("Mật ong hiếm", seller=make_seller("HTX Ong Hiếm", province="Lào Cai"),
                          stock=SCARCE_STOCK)
    return slugs + [scarce.slug]


def run_for(seconds: float, work) -> int:
    """Run `work()` in BUYERS threads for `seconds`; returns how many times it succeeded."""
    done, stop, lock = [0], time.monotonic() + seconds, threading.Lock()

    def loop():
        while time.monotonic() < stop:
            if work():
                with lock:
                    done[0] += 1
    threads = [threading.Thread(target=loop) for _ in range(BUYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0]


REQUESTS_PER_CHECKOUT = 4  # product page, add to cart, checkout page, place the order


def checkout_once(base: str, slugs: list[str], outcomes: dict) -> bool:
    """One buyer's attempt; `outcomes` counts the answers to the order (and, under "requests", every request)."""
    buyer = Visitor(base)
    slug = slugs[-1] if random.random() < 0.3 else random.choice(slugs[:-1])  # 3 in 10 want the scarce one
    try:
        buyer.post_form("/cart/add", f"/products/{slug}", product=slug, quantity="1")
        status, _ = buyer.post_form("/checkout", "/checkout", **BUYER)
        requests = REQUESTS_PER_CHECKOUT
    except NoForm:  # sold out before it reached the cart: the product page offers no button
        status, requests = "sold out at add", 1
    with OUTCOMES_LOCK:
        outcomes[status] = outcomes.get(status, 0) + 1
        outcomes["requests"] = outcomes.get("requests", 0) + requests
    return status == 302


def oversold(slug_of_scarce: str) -> dict:
    """Units sold beyond the stock, and whether on-hand equals the ledger, for the scarce product."""
    from shop.catalog.models import Product
    product = db.session.scalar(select(Product).where(Product.slug == slug_of_scarce))
    sold = db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0))
                             .where(OrderLine.product_id == product.id))
    on_hand = db.session.scalar(select(StockLevel.on_hand).where(StockLevel.product_id == product.id))
    ledger = db.session.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product.id))
    return {"scarce_sold": sold, "oversold_units": max(0, sold - SCARCE_STOCK),
            "on_hand_matches_ledger": on_hand == ledger == SCARCE_STOCK - sold}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL of an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SHOP_TODAY": TODAY, "SEARCH_INDEX_DIR": f"{folder}/ix"})
        with app.app_context():
            upgrade()
            slugs = build_shop()
        env = {**os.environ, "DATABASE_URL": url, "SHOP_TODAY": TODAY.isoformat(), "SECRET_KEY": "bench",
               "SESSION_COOKIE_SECURE": "0", "SEARCH_INDEX_DIR": f"{folder}/ix"}
        outcomes, hellos, checkouts = {}, 0, 0
        with running_app("bench.hello:app", env, WORKERS) as hello, running_app("wsgi:app", env, WORKERS) as shop:
            run_for(WARM_UP_SECONDS, lambda: Visitor(hello).get("/")[0] == 200)
            run_for(WARM_UP_SECONDS, lambda: checkout_once(shop, slugs[:-1], {}))
            for _ in range(ROUNDS):  # in turns, so a change in the machine's speed falls on both alike
                hellos += run_for(SECONDS / ROUNDS, lambda: Visitor(hello).get("/")[0] == 200)
                checkouts += run_for(SECONDS / ROUNDS, lambda: checkout_once(shop, slugs, outcomes))
        hello_per_s, checkouts_per_s = hellos / SECONDS, checkouts / SECONDS
        with app.app_context():
            stock = oversold(slugs[-1])
    print(json.dumps({
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "database": url.split(":")[0], "gunicorn": f"{WORKERS} sync workers", "buyers": BUYERS,
        "seconds": SECONDS, "rounds": ROUNDS, "warm_up_seconds": WARM_UP_SECONDS,
        "hello_req_per_s": round(hello_per_s, 1),
        "checkouts_per_s": round(checkouts_per_s, 1),
        "ratio_to_hello": round(checkouts_per_s / hello_per_s, 3),
        "checkout_requests_per_s": round(REQUESTS_PER_CHECKOUT * checkouts_per_s, 1),
        "request_ratio_to_hello": round(REQUESTS_PER_CHECKOUT * checkouts_per_s / hello_per_s, 3),
        "all_requests_per_s": round(outcomes.pop("requests", 0) / SECONDS, 1), "answers": outcomes, **stock,
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
