"""The producer's order desk: each step in order, stock back through the ledger on cancel, and
property tests for the state machine and the money."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from shop.catalog.services import ensure_groups, find_group, find_or_create_product
from shop.certification.services import record_certificate
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import fulfilment_location, receive_stock
from shop.orders import fulfilment
from shop.orders.cart import new_cart_token, open_cart, set_quantity
from shop.orders.checkout import Contact, place_order
from shop.orders.models import SELLER_ORDER_STATUSES, SellerOrder
from shop.sellers.models import SellerMember
from shop.sellers.services import find_or_create_seller
from tests.accounts.support import log_in, make_user
from tests.conftest import TODAY
from tests.factories import make_order, make_product, make_seller
from tests.workspace.workflow import post_form

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
STEPS = {
    "confirm": fulfilment.confirm, "deliver": fulfilment.deliver, "refund": fulfilment.refund,
    "ship": lambda part: fulfilment.ship(part, "Viettel Post", "VTP123456"),
    "cancel": fulfilment.cancel,
}
REACHES = {"confirm": "confirmed", "ship": "shipped", "deliver": "delivered", "cancel": "cancelled",
           "refund": "refunded"}


def stock(product) -> tuple[int, int]:
    """(on hand, sum of the ledger) of the product's warehouse."""
    on_hand = db.session.scalar(select(StockLevel.on_hand).where(StockLevel.product_id == product.id))
    ledger = db.session.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product.id))
    return on_hand, ledger


@pytest.fixture
def desk(client):
    """A producer's owner signed in, with one order of 3 units placed from 10 in stock."""
    seller = make_seller()
    user = make_user("chu@example.vn")
    db.session.add(SellerMember(user=user, seller=seller, role="owner"))
    db.session.commit()
    log_in(client, "chu@example.vn")
    product = make_product("Chè Tân Cương", seller=seller, stock=10)
    order = make_order((product, 3))
    return client, order.parts[0], product


def test_a_part_goes_through_each_step_and_the_buyer_sees_it(desk):
    client, part, _product = desk
    page = f"/seller/orders/{part.id}"
    assert part.order.number in client.get("/seller/orders/").text
    post_form(client, f"{page}/confirm", page)
    post_form(client, f"{page}/ship", page, carrier="Viettel Post", tracking_number="VTP123456")
    post_form(client, f"{page}/deliver", page)
    refreshed = db.session.get(SellerOrder, part.id)
    assert (refreshed.status, refreshed.tracking_number) == ("delivered", "VTP123456")


def test_an_illegal_step_is_refused_with_a_message(desk):
    client, part, _product = desk
    page = f"/seller/orders/{part.id}"
    post_form(client, f"{page}/deliver", page)
    assert db.session.get(SellerOrder, part.id).status == "pending"
    assert "Không thể chuyển đơn từ “Chờ xác nhận” sang “Đã giao”" in client.get(page).text
    post_form(client, f"{page}/ship", page, carrier="", tracking_number="")
    assert "Cần ghi đơn vị vận chuyển và mã vận đơn" in client.get(page).text


def test_cancelling_returns_the_units_through_the_ledger(desk):
    client, part, product = desk
    assert stock(product) == (7, 7)
    page = f"/seller/orders/{part.id}"
    post_form(client, f"{page}/cancel", page)
    assert db.session.get(SellerOrder, part.id).status == "cancelled" and stock(product) == (10, 10)
    post_form(client, f"{page}/cancel", page)  # twice changes nothing
    assert stock(product) == (10, 10)


@PROPERTY
@given(steps=st.lists(st.sampled_from(sorted(STEPS)), max_size=8))
def test_any_sequence_of_steps_follows_the_state_machine(desk, steps):
    _client, part, product = desk
    part, product = db.session.get(SellerOrder, part.id), db.session.get(type(product), product.id)
    with db.session.begin_nested() as savepoint:
        for step in steps:
            before = part.status
            try:
                STEPS[step](part)
            except fulfilment.FulfilmentRefused:
                assert REACHES[step] not in fulfilment.NEXT[before] and part.status == before
            else:
                assert REACHES[step] in fulfilment.NEXT[before] and part.status == REACHES[step]
            assert part.status in SELLER_ORDER_STATUSES
            on_hand, ledger = stock(product)
            assert on_hand == ledger == (10 if part.status == "cancelled" else 7)
        savepoint.rollback()
    db.session.expunge_all()  # ids are reused after the rollback: forget the rolled-back rows


@pytest.fixture
def groups():
    """The product groups, committed before the examples (each example rolls back its own rows)."""
    ensure_groups()
    db.session.commit()


def make_seller_with(fee, free_over):
    """A verified producer with this shipping fee and free-shipping threshold (flushed, not committed)."""
    seller, _ = find_or_create_seller("HTX Phí Vận Chuyển", "htx", "Hà Nội")
    seller.shipping_fee_vnd, seller.free_shipping_over_vnd = fee, free_over
    return seller


def sellable_product(seller, name, price):
    """A sellable product with 10 in stock, flushed only (property examples roll back)."""
    product, _ = find_or_create_product(seller, name, find_group("Thực phẩm"))
    product.price_vnd, product.published = price, True
    record_certificate(product, stars=4, decision_number=f"{name}/QĐ", decision_date=date(2026, 1, 1),
                       expires_on=None, authority="UBND tỉnh", status="verified")
    receive_stock(fulfilment_location(product), product, 10, reason="receipt")
    return product


def make_order_in_savepoint(items):
    cart = open_cart(None, new_cart_token())
    for product, quantity in items:
        set_quantity(cart, product, quantity, TODAY)
    return place_order(cart, Contact(name="Minh", phone="0987654321", province="Hà Nội", commune="Hoàn Kiếm",
                                     address="12 Hàng Bạc"), "cod", TODAY)


@PROPERTY
@given(prices=st.lists(st.integers(1_000, 5_000_000), min_size=1, max_size=4),
       quantities=st.lists(st.integers(1, 5), min_size=4, max_size=4),
       fee=st.one_of(st.none(), st.integers(0, 100_000)), free_over=st.one_of(st.none(), st.integers(1, 10_000_000)))
def test_order_totals_are_whole_dong_and_add_up(prices, quantities, fee, free_over, app, groups):
    with db.session.begin_nested() as savepoint:
        seller = make_seller_with(fee, free_over)
        items = [(sellable_product(seller, f"Sản phẩm {n}", price), quantities[n]) for n, price in enumerate(prices)]
        order = make_order_in_savepoint(items)
        lines = [line for part in order.parts for line in part.lines]
        assert order.items_vnd == sum(line.price_vnd * line.quantity for line in lines) == sum(
            p * q for p, q in zip(prices, quantities[:len(prices)], strict=True))
        default = app.config["SHIPPING_FEE_VND"]
        expected_shipping = 0 if free_over is not None and order.items_vnd >= free_over else (
            default if fee is None else fee)
        assert order.shipping_vnd == expected_shipping
        assert order.total_vnd == order.items_vnd + order.shipping_vnd
        assert all(isinstance(v, int) for v in (order.items_vnd, order.shipping_vnd, order.total_vnd))
        savepoint.rollback()
    db.session.expunge_all()  # ids are reused after the rollback: forget the rolled-back rows


def test_asked_for_json_the_desk_answers_409_for_an_illegal_step(desk, app):
    client, part, _product = desk
    app.config["WTF_CSRF_ENABLED"] = False
    refused = client.post(f"/seller/orders/{part.id}/deliver", headers={"Accept": "application/json"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "illegal_transition"
    done = client.post(f"/seller/orders/{part.id}/confirm", headers={"Accept": "application/json"})
    assert done.status_code == 200 and done.get_json() == {"status": "confirmed"}


def test_a_step_taken_on_a_stale_page_does_nothing(desk):
    """Two people at the desk: one ships while the other's page still says "pending" and cancels."""
    _client, part, product = desk
    assert part.status == "pending"  # what the second person's request loaded
    with db.engine.begin() as first_person:  # meanwhile the first person's request ships it
        first_person.execute(update(SellerOrder.__table__).where(SellerOrder.id == part.id).values(status="shipped"))
    with pytest.raises(fulfilment.FulfilmentRefused):
        fulfilment.cancel(part)
    db.session.rollback()
    assert db.session.get(SellerOrder, part.id).status == "shipped"
    assert stock(product) == (7, 7)  # no units came back for a shipped part
