"""`flask --app wsgi seed-demo`: real OCOP products from shop/data/, with illustrative dates and prices.

The products, producers, star ratings and outlets are real (see shop/data/README.md).
Decision numbers, dates, prices and stock are made up so that the demo always
has certificates in force — and a few expired, one revoked and one pending, to
show what the shop hides. Running it again adds nothing.
"""
import csv
import zlib
from datetime import date, timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.certification.importer import check_table, write_rows
from shop.certification.models import VALIDITY_MONTHS
from shop.certification.services import add_months, revoke_certificate
from shop.clock import today
from shop.extensions import db
from shop.inventory.models import Location
from shop.places import people_committee, province_named
from shop.text import slugify

DATA = Path(__file__).resolve().parent / "data"
MINISTRY = "Bộ Nông nghiệp và Môi trường"
DEMO_NOTE = "Dữ liệu demo: số và ngày quyết định là minh họa; hạng sao theo nguồn công khai {source}"
REVOKE_REASON = "Dữ liệu demo: chứng nhận bị thu hồi (minh họa) để thấy sản phẩm rời khỏi cửa hàng."


def _read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _days_ago(name: str, spread: int) -> int:
    """A stable pseudo-random number of days for `name`, so reruns pick the same dates."""
    return zlib.crc32(name.encode()) % spread


def _decision_dates(name: str, case: str, today_: date) -> list[date]:
    """Decision dates for a demo case: in force now, lapsed, or an old lapsed one plus a renewal."""
    lapsed = add_months(today_, -VALIDITY_MONTHS) - timedelta(days=1 + _days_ago(name, 300))
    if case == "expired":
        return [lapsed]
    recent = today_ - timedelta(days=30 + _days_ago(name, 900))
    return [lapsed, today_ - timedelta(days=20)] if case == "renewed" else [recent]


def _certificate_rows(today_: date) -> tuple[list[dict], dict]:
    """The demo's certificate list in the import's columns, and each product's demo extras."""
    listing = {row["name"]: row for row in _read("demo_listing.csv")}
    rows, extras = [], {}
    for number, product in enumerate(_read("ocop_products.csv"), start=1):
        demo = listing.get(product["name"])
        if demo is None:  # no producer or owner type in the sources: not sold in the demo
            continue
        extras[product["name"]] = demo | {"source": product["source_url"]}
        stars = int(product["stars"])
        province = province_named(product["province"])
        for renewal, decided in enumerate(_decision_dates(product["name"], demo["demo_case"], today_)):
            rows.append({
                "name": product["name"], "producer": product["producer"], "owner_type": product["owner_type"],
                "province": province, "stars": stars, "group": product["group"], "subgroup": product["subgroup"],
                "decision_number": f"DEMO-{number:03d}{'-' + str(renewal) if renewal else ''}/QĐ",
                "decision_date": decided.isoformat(), "expires_on": "",
                "authority": MINISTRY if stars == 5 else people_committee(province),
                "price_vnd": demo["price_vnd"], "stock": demo["stock"] if not renewal else "",
            })
    return rows, extras


def seed_products(today_: date) -> int:
    """Import the demo certificate list, then apply units, the pending and the revoked case."""
    raw_rows, extras = _certificate_rows(today_)
    rows = check_table(list(enumerate(raw_rows, start=2)))
    for row in rows:
        extra = extras[row.name]
        row.note = DEMO_NOTE.format(source=extra["source"])
        row.status = "pending" if extra["demo_case"] == "pending" else "verified"
    counts = write_rows(rows, reference="seed-demo")
    for product in db.session.scalars(select(Product).where(Product.name.in_(extras))):
        extra = extras[product.name]
        product.unit = extra["unit"]
        if extra["demo_case"] == "revoked":
            for certificate in product.certificates:
                if certificate.status == "verified":
                    revoke_certificate(certificate, reason=REVOKE_REASON)
    db.session.flush()
    return counts["certificates"]


def seed_outlets() -> int:
    """OCOP sales points and centres from shop/data/ocop_outlets.csv; existing ones are kept."""
    added = 0
    for row in _read("ocop_outlets.csv"):
        slug = slugify(row["name"])[:150]
        if db.session.scalar(select(Location.id).where(Location.slug == slug)):
            continue
        db.session.add(Location(kind=row["kind"], slug=slug, name=row["name"],
                                province=province_named(row["province"]), commune=row["commune_or_ward"] or None,
                                old_district=row["old_district"] or None, address=row["address"] or None))
        added += 1
    db.session.flush()
    return added


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the shop already has products.")
@with_appcontext
def seed_demo_command(if_empty: bool):
    """Load demo OCOP products, producers, certificates, stock and outlets (idempotent)."""
    if if_empty and db.session.scalar(select(func.count(Product.id))):
        click.echo("seed-demo: the shop already has products; nothing to do")
        return
    certificates = seed_products(today())
    outlets = seed_outlets()
    db.session.commit()
    click.echo(f"seed-demo: {certificates} certificate(s) and {outlets} outlet(s) added")


def init_app(app):
    """Register `flask seed-demo`."""
    app.cli.add_command(seed_demo_command)
