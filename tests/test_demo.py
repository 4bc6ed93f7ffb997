"""`flask seed-demo`: real OCOP products with illustrative dates; what must be hidden stays hidden."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from shop.accounts.models import User
from shop.accounts.services import authenticate
from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.certification.models import Certificate
from shop.counter.models import Sale
from shop.counts.models import StockCount
from shop.demo import DEMO_BATCH, DEMO_GTIN, _read
from shop.extensions import db
from shop.inventory.models import Batch, Location, OutletStaff, StockLevel, StockMovement
from shop.sellers.models import Seller, SellerMember
from shop.settlements.models import CommissionRate
from shop.settlements.services import open_settlements
from shop.trace.trail import batch_trail
from shop.transfers.models import PullAlert, Transfer, TransferEvent
from shop.transfers.queries import in_transit
from tests.accounts.support import log_in


def seed(runner, *args):
    result = runner.invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_has_products_in_force_and_a_few_hidden_ones(runner, today):
    assert "75 certificate(s) and 12 outlet(s) added" in seed(runner)
    statuses = dict(db.session.execute(select(Certificate.status, func.count()).group_by(Certificate.status)).all())
    assert statuses == {"verified": 73, "revoked": 1, "pending": 1}
    expired = db.session.scalar(select(func.count()).where(Certificate.expires_on < today))
    assert expired >= 4
    assert db.session.scalar(select(func.count()).select_from(Product).where(sellable(today))) == 68


def test_demo_storefront_hides_expired_revoked_and_pending_products(runner, client, today):
    seed(runner)
    hidden = db.session.scalars(select(Product.name).where(~sellable(today))).all()
    assert "Rượu sim Quý Chuẩn" in hidden  # the revoked one
    assert "Trà gạo lứt Omega An Phát" in hidden  # the pending one
    listed = []
    for page in (1, 2, 3):
        listed += re.findall(r"<h3>(.*?)</h3>", client.get(f"/products?page={page}").text)
    assert len(listed) == 68 and not set(hidden) & set(listed)
    renewed = "Nước mắm Thanh Quốc 43 độ đạm"
    assert renewed in listed and listed.count(renewed) == 1


def test_demo_is_idempotent(runner):
    seed(runner)
    counts = [db.session.scalar(select(func.count()).select_from(m))
              for m in (Product, Certificate, Location, StockMovement, StockLevel, Transfer, TransferEvent,
                        StockCount, PullAlert, CommissionRate)]
    units = db.session.scalar(select(func.sum(StockLevel.on_hand)))
    assert "0 certificate(s) and 0 outlet(s) added, 0 unit(s) of stock, 0 transfer(s)" in seed(runner)
    assert "nothing to do" in seed(runner, "--if-empty")
    assert "nothing to do" in seed(runner, "--if-empty", "--accounts")
    assert counts == [db.session.scalar(select(func.count()).select_from(m))
                      for m in (Product, Certificate, Location, StockMovement, StockLevel, Transfer, TransferEvent,
                        StockCount, PullAlert, CommissionRate)]
    assert units == db.session.scalar(select(func.sum(StockLevel.on_hand)))
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_demo_stock_matches_its_ledger(runner):
    seed(runner)
    on_hand = db.session.scalar(select(func.sum(StockLevel.on_hand)))
    assert on_hand > 0 and on_hand == db.session.scalar(select(func.sum(StockMovement.delta)))


def test_demo_stock_is_receipts_in_each_producers_warehouse_with_some_sold_out(runner, client):
    seed(runner)
    assert set(db.session.scalars(select(StockMovement.reason))) == {"receipt", "transfer", "loss", "sale", "return",
                                                                       "count"}
    listing = {row["name"]: int(row["stock"]) for row in _read("demo_listing.csv")}
    received = dict(db.session.execute(select(Product.name, func.sum(StockMovement.delta))
                                       .join(Product, Product.id == StockMovement.product_id)
                                       .join(StockMovement.location)
                                       .where(Location.kind == "warehouse", StockMovement.reason == "receipt",
                                              StockMovement.batch_id.is_(None))  # a batch: the traced example's
                                       .group_by(Product.name)).all())
    assert received == {name: units for name, units in listing.items() if units}
    assert sorted(units for units in listing.values() if units < 5) == [0, 0, 2, 3, 4, 4]
    sold_out = db.session.scalar(select(Product).where(Product.name == "Bánh dừa nướng Quý Thu"))
    assert "Tạm hết hàng" in client.get(f"/products/{sold_out.slug}").text


def test_demo_outlets_hold_goods_from_their_own_province_only(runner, today):
    seed(runner)
    held = db.session.execute(select(Location.name, Location.province, Seller.province, StockLevel.on_hand)
                              .join(StockLevel.location).join(StockLevel.product).join(Product.seller)
                              .where(Location.kind != "warehouse")).all()
    outlets = {name for name, *_ in held}
    assert 6 <= len(outlets) < 12  # several outlets are stocked, and one stays empty
    assert all(outlet == producer for _, outlet, producer, _ in held)
    assert all(5 <= units <= 40 for *_, units in held)
    consigned = select(StockLevel.product_id).join(StockLevel.location).where(Location.kind != "warehouse")
    assert not db.session.scalar(select(func.count(Product.id)).where(Product.id.in_(consigned), ~sellable(today)))


def test_demo_transfers_show_every_case_through_the_ledger(runner, today):
    assert "5 transfer(s)" in seed(runner)
    transfers = db.session.scalars(select(Transfer).order_by(Transfer.id)).all()[:5]  # the 6th: the traced batch's
    assert [(transfer.state, transfer.is_return) for transfer in transfers] == [
        ("received", False), ("received", False), ("sent", False), ("requested", False), ("sent", True)]
    full, short, on_the_road, request, back = transfers
    assert {(transfer.seller_id, transfer.outlet.id) for transfer in transfers} == {(full.seller_id, full.outlet.id)}
    assert full.outlet.province == full.seller.province and full.outlet.kind != "warehouse"
    assert [line.shortfall for line in full.lines] == [0] and [line.shortfall for line in short.lines] == [1]
    loss = db.session.scalar(select(StockMovement).where(StockMovement.reason == "loss"))
    assert (loss.delta, loss.reference, loss.location_id) == (-1, short.number, short.outlet.id) and loss.note
    assert [event.state for event in back.events] == ["draft", "sent"] and back.note
    product_id = full.lines[0].product_id
    assert in_transit(full.seller_id, [product_id]) == {product_id: on_the_road.units + back.units}
    assert request.note and not db.session.scalar(select(func.count(StockMovement.id))
                                                  .where(StockMovement.reference == request.number))


def test_demo_accounts_only_on_request_one_of_each_kind(runner):
    seed(runner)
    assert db.session.scalar(select(func.count(User.id))) == 0
    said = seed(runner, "--accounts")
    password = re.search(r"demo accounts \(password: (\S+)\)", said).group(1)
    users = db.session.scalars(select(User)).all()
    assert len(users) == 3 and all(user.email in said for user in users)
    owner = db.session.scalar(select(SellerMember).where(SellerMember.role == "owner"))
    staff = db.session.scalar(select(OutletStaff))
    office = db.session.scalar(select(User).where(User.is_office))
    assert owner and staff and office and len({owner.user_id, staff.user_id, office.id}) == 3
    assert db.session.scalar(select(func.count(StockLevel.id)).where(StockLevel.location == staff.location))
    transfer = db.session.scalar(select(Transfer).limit(1))  # both demo accounts see the demo transfers
    assert (transfer.seller_id, transfer.outlet.id) == (owner.seller_id, staff.location_id)
    assert all(authenticate(user.email, password) for user in users)


def test_demo_accounts_are_made_once_and_never_reset(runner):
    seed(runner, "--accounts")
    hashes = dict(db.session.execute(select(User.email, User.password_hash)).all())
    assert "already exist" in seed(runner, "--accounts") and "password:" not in seed(runner, "--accounts")
    assert hashes == dict(db.session.execute(select(User.email, User.password_hash)).all())


def test_demo_past_every_expiry_sells_nothing(app, runner, client, today):
    seed(runner)
    app.config["SHOP_TODAY"] = today + timedelta(days=3 * 366 + 1)
    assert "Hiện chưa có sản phẩm nào đang bán" in client.get("/products").text
    assert client.get("/api/v1/products").get_json()["total"] == 0


def test_every_demo_product_points_at_its_latest_decision(runner):
    from shop.certification.services import refresh_all_current_certificates
    seed(runner)
    pointers = dict(db.session.execute(select(Product.id, Product.current_certificate_id)).all())
    refresh_all_current_certificates()
    assert pointers == dict(db.session.execute(select(Product.id, Product.current_certificate_id)).all())


def test_demo_sales_go_through_the_till_at_the_demo_outlet_once(runner):
    assert "3 counter sale(s)" in seed(runner)
    sales = db.session.scalars(select(Sale).order_by(Sale.id)).all()
    assert [(sale.payment, sale.state) for sale in sales] == [("cash", "sold"), ("transfer", "sold"),
                                                              ("cash", "voided"), ("cash", "sold")]  # the traced one
    outlet = db.session.scalars(select(Transfer)).first().outlet  # the demo transfers' outlet
    assert len(sales[0].lines) == 2 and {sale.location_id for sale in sales} == {outlet.id}
    sold = db.session.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.reason == "sale"))
    assert sold == -sum(sale.units for sale in sales)
    assert "0 counter sale(s)" in seed(runner)


def test_demo_outlet_at_work_has_a_low_line_a_count_a_commission_and_a_pull_alert(runner, client, today):
    said = seed(runner, "--accounts")
    outlet = db.session.scalars(select(Transfer)).first().outlet  # the demo transfers' outlet, the staff account's
    low = db.session.scalars(select(StockLevel).where(StockLevel.location_id == outlet.id,
                                                      StockLevel.minimum.is_not(None))).one()
    assert 0 < low.on_hand < low.minimum
    count = db.session.scalars(select(StockCount).where(StockCount.location_id == outlet.id)).one()
    counted = db.session.scalars(select(StockMovement).where(StockMovement.reason == "count")).one()
    assert (count.state, counted.delta, counted.location_id, counted.note) == ("finished", -1, outlet.id, count.note)
    figures = open_settlements(outlet_id=outlet.id)
    assert {f.rate_bp for f in figures} == {1_000} and sum(f.sales_vnd for f in figures) > 0
    alert = db.session.scalars(select(PullAlert).where(PullAlert.location_id == outlet.id)).one()
    certificate = alert.product.current_certificate
    assert (alert.kind, alert.closed_at) == ("expiring", None)
    assert today < certificate.expires_on <= today + timedelta(days=30)
    assert db.session.scalar(select(func.count(Product.id)).where(Product.id == alert.product_id, sellable(today)))
    password = re.search(r"demo accounts \(password: (\S+)\)", said).group(1)
    log_in(client, "diemban@demo.ocop.example", password)
    dashboard = client.get(f"/outlet/{outlet.slug}").text
    assert f"còn {low.on_hand}, tối thiểu {low.minimum}" in dashboard
    assert alert.product.name in dashboard and "Chứng nhận sắp hết hạn" in dashboard


def test_demo_batch_has_the_readmes_four_step_trail(runner, client):
    """The README's worked example: the demo batch's page shows its receipt, transfer, arrival and one sale."""
    assert "1 traced batch(es) (L-DEMO-01 of GTIN 8936044100012)" in seed(runner)
    batch = db.session.scalar(select(Batch).where(Batch.code == DEMO_BATCH))
    outlet = db.session.scalars(select(Transfer)).first().outlet  # the demo transfers' outlet
    steps = [(step.kind, step.units, step.place.kind) for step in batch_trail(batch)]
    assert steps == [("received", 24, "warehouse"), ("sent", 12, "warehouse"), ("arrived", 12, outlet.kind),
                     ("sold_counter", 1, outlet.kind)]
    page = client.get(f"/01/0{DEMO_GTIN}/10/{DEMO_BATCH}")
    assert page.status_code == 200 and f"Đã bán tại quầy {outlet.name}" in page.text
    assert "0 traced batch(es)" in seed(runner)
