"""The KPI dataset: an official list imported through `ocop import`, and what a list cannot say."""
from datetime import date
from pathlib import Path
from unittest.mock import patch

from shop.catalog.models import Product
from shop.certification.services import revoke_certificate
from shop.extensions import db
from shop.inventory.services import fulfilment_location
from shop.sellers.models import Seller, SellerChannel
from tests.factories import make_outlet

DATASET = Path(__file__).parent / "data" / "kpi_dataset.csv"
AS_OF = date(2026, 6, 15)  # the day the dataset's comments (its `edge` column) speak of


def load_kpi_dataset(app):
    """An official list, data/kpi_dataset.csv, through the real `ocop import` (its `edge` column, which the importer
    ignores, says what each row counts as); then what a list cannot say: a revocation on its day, the producers'
    sizes and declared channels, and where the sales points stand. Returns the 4★ tea and the sales point."""
    imported = app.test_cli_runner().invoke(args=["ocop", "import", str(DATASET)])
    assert imported.exit_code == 0 and "10 certificate(s) imported, 4 new producer(s)" in imported.output
    products = {product.name: product for product in db.session.scalars(db.select(Product))}
    sellers = {seller.name: seller for seller in db.session.scalars(db.select(Seller))}
    with patch.dict(app.config, SHOP_TODAY=date(2026, 3, 1)):  # counted a year earlier, not on AS_OF
        revoke_certificate(products["Trà năm sao"].current_certificate, reason="Vi phạm chất lượng")
    sellers["HTX Chè Tân Cương"].enterprise_size = "micro"  # an SME; it sells here (priced rows are published)
    sellers["Công ty Trà Xanh"].enterprise_size = "large"  # not an SME
    sellers["Công ty Khải Hoàn"].enterprise_size = "small"  # an SME; it declares Zalo and does not sell here
    db.session.add(SellerChannel(seller_id=sellers["Công ty Khải Hoàn"].id, channel="zalo"))
    tea = products["Chè búp"]
    fulfilment_location(tea).old_district = "Đại Từ"  # a district with a warehouse but no sales point
    outlet = make_outlet(province="Thái Nguyên")
    outlet.old_district = "Đồng Hỷ"
    db.session.commit()
    return tea, outlet


