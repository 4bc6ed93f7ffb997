"""share_traceable: the share of products certified on the day that carry a GTIN (serial stamps will count too)."""
from datetime import date

from shop.extensions import db
from shop.office.indicators import kpis
from tests.factories import make_product, make_seller

DAY = date(2026, 6, 15)


def test_the_share_of_certified_products_with_a_gtin_is_counted_by_hand(app):
    assert kpis(DAY, None)["share_traceable"] is None  # nothing certified: nothing to divide
    lao_cai = make_seller("HTX Lào Cai", province="Lào Cai")
    with_gtin = [make_product("Chè", stars=4), make_product("Mật ong", seller=lao_cai, stars=3)]
    make_product("Nước mắm", stars=5)
    make_product("Rượu", seller=lao_cai, stars=4)
    expired = make_product("Bánh", decision_date=date(2022, 1, 1))  # not certified on DAY: not counted at all
    for product, gtin in zip([*with_gtin, expired], ["8934563138165", "4006381333931", "5901234123457"],
                             strict=True):
        product.gtin = gtin
    db.session.commit()
    assert kpis(DAY, None)["share_traceable"] == 0.5                # 2 of the 4 certified products
    assert kpis(DAY, "Lào Cai")["share_traceable"] == 0.5            # Mật ong of Mật ong and Rượu
    assert kpis(DAY, "Thái Nguyên")["share_traceable"] == 0.5        # Chè of Chè and Nước mắm
    assert kpis(date(2022, 6, 1), None)["share_traceable"] == 1.0    # then only Bánh was certified, with a GTIN
