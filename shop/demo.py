"""`flask --app wsgi seed-demo`: real OCOP products from shop/data/, with illustrative dates and prices.

The products, producers, star ratings and outlets are real (see shop/data/README.md).
Decision numbers, dates, prices and stock are made up so that the demo always
has certificates in force — and a few expired, one revoked and one pending, to
show what the shop hides. Stock arrives through the ledger: receipts into each
producer's warehouse (a few products stay at none or low) and consignments at
outlets from producers of their own province. Then a few consignment transfers
go through the transfer verbs, so every transfer screen has something: one
received in full, one received short with its note, one on the road, an outlet's
request waiting and a return on its way back, and a few counter sales at that
outlet's till (cash, bank transfer, one voided). That outlet is at work too: a
minimum above one product's units, a finished count one unit short, a commission
rate (so a settlement is open) and a pull alert on a product whose certificate
lapses within 30 days (still on sale online). Last, the traceability example: that
outlet's transfers' product gets a GTIN and a batch received at its producer's
warehouse, part of it sent to the outlet and received there, one unit sold at its
counter — the four steps of the batch's trail. With `--accounts` it also makes
one demo account of each kind, at that producer and outlet, and prints their
password. Running it again adds nothing.
"""
import csv
import secrets
import zlib
from datetime import date, timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from shop.accounts.services import find_user, register_user
from shop.catalog.editing import set_gtin
from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import sellable
from shop.certification.importer import check_table, write_rows
from shop.certification.models import VALIDITY_MONTHS
from shop.certification.services import add_months, revoke_certificate
from shop.clock import today
from shop.counter.models import Sale
from shop.counter.services import sell, void_sale
from shop.counts.models import StockCount
from shop.counts.services import finish_count, save_count
from shop.extensions import db
from shop.inventory.models import Batch, Location, OutletStaff, StockLevel, StockMovement
from shop.inventory.services import find_or_make_batch, fulfilment_location, receive_stock, set_minimum
from shop.places import people_committee, province_named
from shop.sellers.models import Seller, SellerMember
from shop.settlements.services import rates_of, set_rate
from shop.text import slugify
from shop.transfers.models import Transfer
from shop.transfers.pull_alerts import EXPIRING_DAYS, review_due
from shop.transfers.services import (
    create_transfer,
    receive_transfer,
    request_stock,
    return_stock,
    send_transfer,
)

DATA = Path(__file__).resolve().parent / "data"
MINISTRY = "Bộ Nông nghiệp và Môi trường"
DEMO_NOTE = "Dữ liệu demo: số và ngày quyết định là minh họa; hạng sao theo nguồn công khai {source}"
REVOKE_REASON = "Dữ liệu demo: chứng nhận bị thu hồi (minh họa) để thấy sản phẩm rời khỏi cửa hàng."
RECEIPT_NOTE = "Dữ liệu demo: số lượng minh họa"
CONSIGNED_PER_OUTLET = 4  # products of its province an outlet holds in the demo
TRANSFER_NOTE = "Dữ liệu demo: phiếu chuyển kho minh họa"
TRANSFERRED = 20  # listed warehouse units a demo transfer product has at least (6 + 5 + 3 go out on transfers)
COUNT_NOTE = "Dữ liệu demo: thiếu một đơn vị khi kiểm kê"
DEMO_GTIN = "8936044100012"  # illustrative (893: Vietnam's GS1 prefix), for the traceability example
DEMO_BATCH = "L-DEMO-01"
DEMO_BATCH_UNITS = 24  # received at the warehouse; half go to the demo outlet, one of them is sold there
DEMO_COMMISSION_BP = 1_000  # the demo outlet keeps 10 % of its counter sales
TOURISM = "VI"  # Decision 148's tourism services: nothing to put on an outlet's shelf
DEMO_EMAILS = {"producer": "nsx@demo.ocop.example", "outlet": "diemban@demo.ocop.example",
               "office": "vanphong@demo.ocop.example"}  # a reserved domain (RFC 2606): mail never leaves


def _read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _days_ago(name: str, spread: int) -> int:
    """A stable pseudo-random number of days for `name`, so reruns pick the same dates."""
    return zlib.crc32(name.encode()) % spread


def _decision_dates(name: str, case: str, today_: date) -> list[date]:
    """Decision dates for a demo case: in force now, lapsing within the pull alerts' days, lapsed, or an old lapsed
    one plus a renewal."""
    if case == "expiring":
        return [add_months(today_, -VALIDITY_MONTHS) + timedelta(days=EXPIRING_DAYS // 2)]
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
                "price_vnd": demo["price_vnd"], "stock": "",  # stock arrives as receipts, in seed_stock
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


def _stock_once(location, product, quantity: int) -> int:
    """Receive demo units at a place that has never held the product (so a rerun adds nothing); units added."""
    held = db.session.scalar(select(StockMovement.id).where(StockMovement.location_id == location.id,
                                                            StockMovement.product_id == product.id).limit(1))
    if held is not None or quantity <= 0:
        return 0
    receive_stock(location, product, quantity, reason="receipt", note=RECEIPT_NOTE)
    return quantity


def seed_warehouses() -> int:
    """Each demo product's `stock` from demo_listing.csv, received into its producer's warehouse."""
    stock = {row["name"]: int(row["stock"]) for row in _read("demo_listing.csv")}
    products = db.session.scalars(select(Product).where(Product.name.in_(stock)).order_by(Product.id))
    return sum(_stock_once(fulfilment_location(product), product, stock[product.name]) for product in products)


def _consigned_at(outlet: Location, today_: date) -> list[tuple[Product, int]]:
    """The goods on sale from the outlet's province it holds on consignment, with 5–40 units each."""
    local = db.session.scalars(select(Product).join(Product.seller).join(Product.group).where(
        Seller.province == outlet.province, ProductGroup.code != TOURISM, sellable(today_))).all()
    picked = sorted(local, key=lambda product: _days_ago(outlet.slug + product.name, 10_000))
    return [(product, 5 + _days_ago(product.name + outlet.slug, 36)) for product in picked[:CONSIGNED_PER_OUTLET]]


def stocked_outlets() -> list[Location]:
    """The demo outlets that hold consignment stock: about three in four, picked by name, the others stay empty."""
    outlets = db.session.scalars(select(Location).where(Location.kind != "warehouse").order_by(Location.name))
    return [outlet for outlet in outlets if _days_ago(outlet.slug, 4)]


def seed_consignments(today_: date) -> int:
    """Consignment stock at the stocked outlets, of products on sale from producers of their own province."""
    return sum(_stock_once(outlet, product, quantity)
               for outlet in stocked_outlets() for product, quantity in _consigned_at(outlet, today_))


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


def demo_pair(today_: date) -> tuple[Location, Product]:
    """The demo's transfers' outlet and product: the first stocked outlet's first consigned product with units to
    spare in its producer's warehouse (as listed, so a rerun picks the same)."""
    listed = {row["name"]: int(row["stock"]) for row in _read("demo_listing.csv")}
    return next((outlet, product) for outlet in stocked_outlets() for product, _ in _consigned_at(outlet, today_)
                if listed[product.name] >= TRANSFERRED)


def seed_transfers(today_: date) -> int:
    """Five transfers of one producer's product to and from one outlet, one in each case a screen shows; how many
    were made (none if the shop has any transfer already)."""
    if db.session.scalar(select(Transfer.id).limit(1)) is not None:
        return 0
    outlet, product = demo_pair(today_)
    sent = []
    for units in (6, 5, 3):  # received in full, received short, on the road
        transfer = create_transfer(product.seller, outlet, [(product, units)], note=TRANSFER_NOTE, user_id=None,
                                   today=today_)
        sent.append(send_transfer(transfer, by="producer", user_id=None, today=today_))
    receive_transfer(sent[0], {}, by="outlet", note=None, user_id=None)
    receive_transfer(sent[1], {product.id: 4}, by="outlet", note="Dữ liệu demo: một hộp bị vỡ khi vận chuyển",
                     user_id=None)
    request_stock(outlet, [(product, 10)], note="Dữ liệu demo: bán chạy dịp cuối năm", user_id=None, today=today_)
    return_stock(outlet, product, 2, note="Dữ liệu demo: bao bì móp, trả nhà sản xuất", user_id=None, today=today_)
    return 5


def seed_sales(today_: date) -> int:
    """Three counter sales at the demo transfers' outlet — two lines in cash, one by bank transfer, one voided —
    through the till's verbs; how many were made (none if the shop has any sale already)."""
    if db.session.scalar(select(Sale.id).limit(1)) is not None:
        return 0
    outlet, _product = demo_pair(today_)
    shelf = db.session.scalars(select(StockLevel).where(StockLevel.location_id == outlet.id, StockLevel.on_hand >= 3)
                               .order_by(StockLevel.product_id)).all()
    baskets = ([(level, 1, None) for level in shelf[:2]], [(level, 2, None) for level in shelf[:1]],
               [(level, 1, None) for level in shelf[-1:]])
    sales = [sell(outlet, basket, payment=payment, user_id=None, today=today_)
             for basket, payment in zip(baskets, ("cash", "transfer", "cash"), strict=True) if basket]
    if sales:
        void_sale(sales[-1], reason="Dữ liệu demo: khách đổi ý, hàng về lại quầy", user_id=None)
    return len(sales)


def seed_outlet_at_work(today_: date) -> int:
    """At the demo transfers' outlet: a minimum (a low-stock line on its dashboard), a finished count with a
    difference and a commission rate; then the daily review of pull alerts. How many were added (none on a rerun)."""
    outlet, _product = demo_pair(today_)
    shelf = db.session.scalars(select(StockLevel).where(StockLevel.location_id == outlet.id, StockLevel.on_hand > 1)
                               .order_by(StockLevel.on_hand, StockLevel.product_id)).all()
    added = 0
    if not any(level.minimum for level in shelf):  # the line with the fewest units falls short of its minimum
        set_minimum(outlet, shelf[0].product, shelf[0].on_hand + 4)
        added += 1
    if db.session.scalar(select(StockCount.id).where(StockCount.location_id == outlet.id).limit(1)) is None:
        counted = shelf[-1]  # one unit fewer on the shelf than on record
        count = save_count(outlet, [(counted, counted.on_hand - 1, counted.on_hand)], note=COUNT_NOTE, user_id=None)
        finish_count(outlet, count, user_id=None)
        added += 1
    if not rates_of(outlet):
        set_rate(outlet, None, DEMO_COMMISSION_BP)
        added += 1
    return added + review_due(today_)


def seed_trace_example(today_: date) -> int:
    """The README's traceability example, through the real verbs: the demo transfers' product gets DEMO_GTIN and
    batch DEMO_BATCH at its producer's warehouse, part of it goes to the demo outlet and one unit is sold at its
    counter; how many batches were added (none on a rerun)."""
    outlet, product = demo_pair(today_)
    if db.session.scalar(select(Batch.id).where(Batch.product_id == product.id).limit(1)) is not None:
        return 0
    set_gtin(product, DEMO_GTIN)
    batch = find_or_make_batch(product, DEMO_BATCH, today_ - timedelta(days=12), today_ + timedelta(days=365))
    receive_stock(fulfilment_location(product), product, DEMO_BATCH_UNITS, reason="receipt", batch=batch,
                  note=RECEIPT_NOTE)
    transfer = create_transfer(product.seller, outlet, [(product, DEMO_BATCH_UNITS // 2)], note=TRANSFER_NOTE,
                               user_id=None, today=today_)
    receive_transfer(send_transfer(transfer, by="producer", user_id=None, today=today_), {}, by="outlet", note=None,
                     user_id=None)
    shelf = db.session.scalar(select(StockLevel).where(StockLevel.location_id == outlet.id,
                                                       StockLevel.batch_id == batch.id))
    sell(outlet, [(shelf, 1, None)], payment="cash", user_id=None, today=today_)
    return 1


def seed_accounts(today_: date) -> str:
    """One demo account of each kind (producer owner, outlet staff, office) sharing a new random password, at the
    demo transfers' producer and outlet; what was done, in words. Creates nothing if any of them exists (and never
    resets a password)."""
    existing = [email for email in DEMO_EMAILS.values() if find_user(email)]
    if existing:
        return f"demo accounts already exist ({', '.join(existing)}); none created"
    outlet, product = demo_pair(today_)
    producer = product.seller
    password = secrets.token_urlsafe(12)
    owner = register_user(DEMO_EMAILS["producer"], password, name="Chủ cơ sở (demo)")
    staff = register_user(DEMO_EMAILS["outlet"], password, name="Nhân viên điểm bán (demo)")
    office = register_user(DEMO_EMAILS["office"], password, name="Văn phòng OCOP (demo)", is_office=True)
    db.session.add_all([SellerMember(user=owner, seller=producer, role="owner"),
                        OutletStaff(user=staff, location=outlet)])
    db.session.flush()
    return (f"demo accounts (password: {password}): {owner.email} (producer owner of {producer.name}), "
            f"{staff.email} (staff of {outlet.name}), {office.email} (programme office)")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (accounts included) if the shop already has products.")
@click.option("--accounts", is_flag=True,
              help="Also create one demo account of each kind (producer owner, outlet staff, office); "
                   "prints their emails and password.")
@with_appcontext
def seed_demo_command(if_empty: bool, accounts: bool):
    """Load demo OCOP products, producers, certificates, stock, outlets, transfers and sales (idempotent)."""
    if if_empty and db.session.scalar(select(func.count(Product.id))):
        click.echo("seed-demo: the shop already has products; nothing to do")
        return
    certificates = seed_products(today())
    outlets = seed_outlets()
    units = seed_warehouses() + seed_consignments(today())
    transfers = seed_transfers(today())
    sales = seed_sales(today())
    at_work = seed_outlet_at_work(today())
    traced = seed_trace_example(today())
    said = seed_accounts(today()) if accounts else None
    db.session.commit()
    click.echo(f"seed-demo: {certificates} certificate(s) and {outlets} outlet(s) added, {units} unit(s) of stock, "
               f"{transfers} transfer(s), {sales} counter sale(s), "
               f"{at_work} outlet record(s) (minimum, count, commission, pull alerts), "
               f"{traced} traced batch(es) ({DEMO_BATCH} of GTIN {DEMO_GTIN})")
    if said:
        click.echo(f"seed-demo: {said}")


def init_app(app):
    """Register `flask seed-demo`."""
    app.cli.add_command(seed_demo_command)
