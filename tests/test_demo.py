"""`flask seed-demo`: real OCOP products with illustrative dates; what must be hidden stays hidden."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.catalog.sellable import sellable
from shop.certification.models import Certificate
from shop.extensions import db
from shop.inventory.models import Location, StockLevel, StockMovement


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
              for m in (Product, Certificate, Location, StockMovement)]
    assert "0 certificate(s) and 0 outlet(s) added" in seed(runner)
    assert "nothing to do" in seed(runner, "--if-empty")
    assert counts == [db.session.scalar(select(func.count()).select_from(m))
                      for m in (Product, Certificate, Location, StockMovement)]


def test_demo_stock_matches_its_ledger(runner):
    seed(runner)
    on_hand = db.session.scalar(select(func.sum(StockLevel.on_hand)))
    assert on_hand > 0 and on_hand == db.session.scalar(select(func.sum(StockMovement.delta)))


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
