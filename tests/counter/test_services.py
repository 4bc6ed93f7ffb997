"""The till's verbs: a sale takes its units off the outlet's shelf with the ledger in the same transaction,
re-checks the certificate, refuses what it cannot sell and writes nothing then; a void gives the units back."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from shop.certification.services import revoke_certificate
from shop.counter.models import Sale
from shop.counter.services import SaleInvalid, SaleRefused, find_on_shelf, sell, void_sale
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.inventory.services import set_outlet_price
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.transfers.test_services import ledger, on_hand


@pytest.fixture
def shelf():
    """An outlet holding 5 of a certified tea (150.000 ₫), 3 of a certified fish sauce and 4 of a lapsed honey."""
    tea = make_product("Chè Tân Cương", stock=0)
    sauce = make_product("Nước mắm Phú Quốc", stock=0, price_vnd=90_000)
    honey = make_product("Mật ong hết hạn", stock=0, decision_date=date(2022, 1, 1))
    outlet = make_outlet(stock=[(tea, 5), (sauce, 3), (honey, 4)])
    return outlet, tea, sauce, honey


def line(outlet, product):
    return db.session.scalar(select(StockLevel).where(StockLevel.location_id == outlet.id,
                                                      StockLevel.product_id == product.id))


def sales_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Sale))


def test_a_sale_of_two_lines_is_one_receipt_and_writes_the_ledger(shelf):
    outlet, tea, sauce, _honey = shelf
    sale = sell(outlet, [(line(outlet, tea), 2, None), (line(outlet, sauce), 1, 80_000)], payment="cash",
                user_id=None, today=TODAY)
    db.session.commit()
    assert sale.number.startswith("BL-260615-") and sale.state == "sold"
    assert [(item.product_name, item.quantity, item.unit_price_vnd, item.stars, item.speciality)
            for item in sale.lines] == [("Chè Tân Cương", 2, 150_000, 4, False),
                                        ("Nước mắm Phú Quốc", 1, 80_000, 4, False)]
    assert sale.total_vnd == 380_000
    assert (on_hand(tea, outlet), on_hand(sauce, outlet)) == (3, 2)
    assert ledger(tea, outlet)[-1] == (-2, "sale") and ledger(sauce, outlet)[-1] == (-1, "sale")


def test_the_outlets_own_price_comes_before_the_producers(shelf):
    outlet, tea, *_rest = shelf
    set_outlet_price(outlet, tea, 135_000)
    sale = sell(outlet, [(line(outlet, tea), 1, None)], payment="transfer", user_id=None, today=TODAY)
    assert sale.lines[0].unit_price_vnd == 135_000 and sale.total_vnd == 135_000


def test_a_product_named_twice_is_one_line(shelf):
    outlet, tea, *_rest = shelf
    sale = sell(outlet, [(line(outlet, tea), 1, None), (line(outlet, tea), 2, None)], payment="cash",
                user_id=None, today=TODAY)
    assert [(item.quantity, item.amount_vnd) for item in sale.lines] == [(3, 450_000)]


@pytest.mark.parametrize("lapse", ["expired", "revoked"])
def test_a_product_no_longer_certified_is_refused_with_the_words_and_nothing_is_written(shelf, lapse):
    outlet, tea, _sauce, honey = shelf
    if lapse == "revoked":
        revoke_certificate(tea.current_certificate, reason="Vi phạm")
        honey = tea
    with pytest.raises(SaleRefused) as refused:
        sell(outlet, [(line(outlet, honey), 1, None)], payment="cash", user_id=None, today=TODAY)
    assert refused.value.status == 409
    assert "đã hết hiệu lực chứng nhận OCOP — hãy rút khỏi quầy và trả nhà sản xuất" in str(refused.value)
    db.session.rollback()
    assert sales_count() == 0 and ledger(honey, outlet)[-1] == (4 if honey is not tea else 5, "receipt")


def test_the_certificate_is_checked_on_the_day_of_the_sale(shelf):
    outlet, tea, *_rest = shelf
    expires_on = tea.current_certificate.expires_on
    sell(outlet, [(line(outlet, tea), 1, None)], payment="cash", user_id=None, today=expires_on)
    with pytest.raises(SaleRefused):
        sell(outlet, [(line(outlet, tea), 1, None)], payment="cash", user_id=None,
             today=expires_on + timedelta(days=1))


def test_a_local_speciality_sells_labelled_as_such_without_stars(shelf):
    outlet, _tea, _sauce, honey = shelf
    honey.local_speciality = True
    sale = sell(outlet, [(line(outlet, honey), 2, None)], payment="cash", user_id=None, today=TODAY)
    assert [(item.speciality, item.stars) for item in sale.lines] == [(True, None)]
    assert on_hand(honey, outlet) == 2


def test_more_than_the_shelf_holds_is_refused_and_the_whole_receipt_with_it(shelf):
    outlet, tea, sauce, _honey = shelf
    with pytest.raises(SaleRefused, match="chỉ còn 3"):
        sell(outlet, [(line(outlet, tea), 1, None), (line(outlet, sauce), 4, None)], payment="cash",
             user_id=None, today=TODAY)
    db.session.rollback()
    assert sales_count() == 0 and (on_hand(tea, outlet), on_hand(sauce, outlet)) == (5, 3)


@pytest.mark.parametrize("lines, payment", [([], "cash"), (None, "card"), (None, "")])
def test_no_lines_or_no_payment_is_invalid(shelf, lines, payment):
    outlet, tea, *_rest = shelf
    with pytest.raises(SaleInvalid):
        sell(outlet, [(line(outlet, tea), 1, None)] if lines is None else lines, payment=payment, user_id=None,
             today=TODAY)


def test_a_product_without_any_price_asks_for_one(shelf):
    outlet, tea, *_rest = shelf
    tea.published, tea.price_vnd = False, None
    with pytest.raises(SaleInvalid, match="chưa có giá"):
        sell(outlet, [(line(outlet, tea), 1, None)], payment="cash", user_id=None, today=TODAY)


def test_a_void_gives_the_units_back_once_with_its_reason(shelf):
    outlet, tea, *_rest = shelf
    sale = sell(outlet, [(line(outlet, tea), 2, None)], payment="cash", user_id=None, today=TODAY)
    with pytest.raises(SaleInvalid):
        void_sale(sale, reason="  ", user_id=None)
    void_sale(sale, reason="Khách đổi ý", user_id=None)
    assert (sale.state, sale.void_reason, on_hand(tea, outlet)) == ("voided", "Khách đổi ý", 5)
    assert ledger(tea, outlet)[-2:] == [(-2, "sale"), (2, "return")]
    with pytest.raises(SaleRefused):
        void_sale(sale, reason="Lần nữa", user_id=None)
    assert on_hand(tea, outlet) == 5


def test_a_product_is_found_by_slug_or_certificate_code_only_on_this_shelf(shelf):
    outlet, tea, *_rest = shelf
    other = make_product("Chè khác", stock=0)
    assert find_on_shelf(outlet, "che-tan-cuong").product == tea
    assert find_on_shelf(outlet, f"  {tea.current_certificate.code.lower()} ").product == tea
    assert find_on_shelf(outlet, other.slug) is None and find_on_shelf(outlet, "") is None


def test_a_product_is_found_by_its_gtin_as_scanned_or_typed(shelf):
    outlet, tea, sauce, _honey = shelf
    tea.gtin, sauce.gtin = "8934563138165", "4006381333931"
    db.session.commit()
    assert find_on_shelf(outlet, "8934563138165").product == tea
    assert find_on_shelf(outlet, " 893 4563-138165 ").product == tea
    assert find_on_shelf(outlet, "4006381333931").product == sauce
    assert find_on_shelf(outlet, "8934563138164") is None  # a misread digit finds nothing, not a neighbour


def test_the_certificate_is_checked_again_inside_the_update_that_takes_the_units(shelf, monkeypatch):
    """A revocation landing between the till's look and its UPDATE: the statement itself refuses the lapsed unit."""
    outlet, _tea, _sauce, honey = shelf
    monkeypatch.setattr("shop.counter.services.is_certified", lambda product, today: True)  # the look said yes
    with pytest.raises(SaleRefused, match="đã hết hiệu lực chứng nhận OCOP"):
        sell(outlet, [(line(outlet, honey), 1, None)], payment="cash", user_id=None, today=TODAY)
    db.session.rollback()
    assert on_hand(honey, outlet) == 4 and sales_count() == 0
