"""Synthetic catalogs for benchmarks: N sellable products built from the real OCOP vocabulary, 9 in 10 of them
in stock at their producer's warehouse (so their pages carry a buy form, as real ones do)."""
import csv
import random
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from shop.catalog.models import Product, ProductGroup
from shop.catalog.services import ensure_groups
from shop.certification.models import Certificate
from shop.certification.services import refresh_all_current_certificates
from shop.extensions import db
from shop.inventory.models import Location, StockLevel, StockMovement
from shop.places import PROVINCES
from shop.sellers.models import OWNER_TYPES, Seller
from shop.text import fold, slugify

DATA = Path(__file__).resolve().parent.parent / "shop" / "data" / "ocop_products.csv"


def vocabulary() -> tuple[list[str], list[str]]:
    """Product names and producer names from the real seed data."""
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["name"] for r in rows], [r["producer"] for r in rows if r["producer"]]


def build_catalog(products: int, today, *, sellers: int = 500, seed: int = 7) -> None:
    """Migrate the current database and fill it with `products` sellable products (bulk inserts)."""
    upgrade()
    ensure_groups()
    rng = random.Random(seed)
    names, producers = vocabulary()
    groups = db.session.scalars(select(ProductGroup).where(ProductGroup.parent_id.is_not(None))).all()
    db.session.execute(insert(Seller), [
        {"slug": f"{slugify(rng.choice(producers))[:100]}-{i}", "name": f"{rng.choice(producers)} {i}",
         "name_key": fold(f"{rng.choice(producers)} {i}"), "owner_type": rng.choice(list(OWNER_TYPES)),
         "province": rng.choice(PROVINCES), "status": "verified"} for i in range(sellers)])
    seller_ids = db.session.scalars(select(Seller.id)).all()
    product_rows = []
    for i in range(products):
        group = rng.choice(groups)
        product_rows.append({
            "seller_id": rng.choice(seller_ids), "slug": f"{slugify(rng.choice(names))[:120]}-{i}",
            "name": f"{rng.choice(names)} {i}", "description": "", "group_id": group.parent_id,
            "subgroup_id": group.id, "price_vnd": rng.randrange(20, 2000) * 1000, "unit": "sản phẩm",
            "published": True})
    db.session.execute(insert(Product), product_rows)
    product_ids = db.session.scalars(select(Product.id)).all()
    db.session.execute(insert(Certificate), [
        {"code": f"OCOP-B{i:06d}", "product_id": pid, "stars": rng.choice((3, 3, 4, 4, 5)),
         "decision_number": f"{i}/QĐ-BENCH", "decision_date": today - timedelta(days=rng.randrange(1, 900)),
         "expires_on": today + timedelta(days=rng.randrange(30, 200)), "authority": "UBND tỉnh",
         "authority_level": "province", "status": "verified"} for i, pid in enumerate(product_ids)])
    refresh_all_current_certificates()
    stock_catalog(rng)
    db.session.commit()
    with db.engine.connect() as connection:  # planner statistics, as autovacuum/ANALYZE would leave them
        connection.execute(text("ANALYZE"))
        connection.commit()


def stock_catalog(rng: random.Random) -> None:
    """A warehouse per producer and, for 9 products in 10, units there (a few low: "Còn ít"), with their ledger rows."""
    sellers = db.session.execute(select(Seller.id, Seller.slug, Seller.name, Seller.province)).all()
    db.session.execute(insert(Location), [
        {"kind": "warehouse", "seller_id": s.id, "slug": f"kho-{s.slug}"[:160], "name": f"Kho {s.name}"[:300],
         "province": s.province} for s in sellers])
    warehouse_of = dict(db.session.execute(select(Location.seller_id, Location.id)).all())
    stocked = [(pid, seller_id, rng.choice((2, 40, 120, 500)))
               for pid, seller_id in db.session.execute(select(Product.id, Product.seller_id)).all()
               if rng.random() < 0.9]
    db.session.execute(insert(StockLevel), [
        {"location_id": warehouse_of[seller_id], "product_id": pid, "on_hand": units, "reserved": 0}
        for pid, seller_id, units in stocked])
    db.session.execute(insert(StockMovement), [
        {"location_id": warehouse_of[seller_id], "product_id": pid, "delta": units, "reason": "receipt"}
        for pid, seller_id, units in stocked])
