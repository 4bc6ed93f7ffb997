"""The office's share_traceable counts certified products carrying a GTIN or active serial stamps."""
from shop.extensions import db
from shop.office.indicators import kpis
from shop.stamps.services import void_stamps
from tests.conftest import TODAY
from tests.factories import make_product
from tests.stamps.support import ORDERED, stamped


def test_certified_products_with_active_stamps_count_as_traceable():
    tea = make_product("Chè Tân Cương", stock=0)
    honey = make_product("Mật ong Bắc Kạn", stock=0)
    make_product("Miến dong", stock=0)
    make_product("Gạo nếp", stock=0, certificate=False)  # not certified: not counted at all
    honey.gtin = "8934563138165"
    db.session.commit()
    assert (kpis(TODAY, None)["traceable_products"], kpis(TODAY, None)["share_traceable"]) == (1, 0.3333)
    order = stamped(2, product=tea)
    assert (kpis(TODAY, None)["traceable_products"], kpis(TODAY, None)["share_traceable"]) == (2, 0.6667)
    void_stamps(tea.seller_id, order, "mất tờ tem", at=ORDERED)
    db.session.commit()
    assert kpis(TODAY, None)["traceable_products"] == 1  # voided stamps trace nothing
