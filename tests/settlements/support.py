"""A fixed consignment sequence at one outlet, its figures worked out by hand in the docstring."""
from shop.counter.services import find_on_shelf, sell, void_sale
from shop.extensions import db
from shop.inventory.services import count_stock
from shop.transfers.services import create_transfer, receive_transfer, return_stock, send_transfer
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product, make_seller


def consignment(staff=()):
    """Producer A's tea and producer B's honey at an outlet, through this sequence:

    tea: 10 sent, 9 arrive (1 lost on the way); sold 3 × 150.000 and 2 × 140.000; 2 returned to the producer;
    counted 1 where 2 were on record (1 more lost); the 2 × 140.000 sale voided (its units back on the shelf).
    → opening 0, received 10, sold 3, returned 2, lost 2, on hand 3, sales 450.000 ₫.
    honey: 4 received, 1 sold at 90.000 ₫ → received 4, sold 1, on hand 3, sales 90.000 ₫.
    Returns (outlet, tea, honey, the sale of 3 teas).
    """
    tea = make_product("Chè Tân Cương", stock=20)
    honey = make_product("Mật ong Bắc Kạn", seller=make_seller("HTX Mật Ong Bắc Kạn", province="Bắc Kạn"),
                         price_vnd=90_000, stock=0)
    outlet = make_outlet(staff=staff, stock=[(honey, 4)])
    transfer = create_transfer(tea.seller, outlet, [(tea, 10)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    receive_transfer(transfer, {tea.id: 9}, by="outlet", note="Vỡ 1 hộp", user_id=None)
    kept = till(outlet, tea, 3)
    voided = till(outlet, tea, 2, price=140_000)
    return_stock(outlet, tea, 2, note="Bán chậm", user_id=None, today=TODAY)
    count_stock(outlet, tea, 1, note="Mất 1 hộp", user_id=None)
    void_sale(voided, reason="Khách đổi ý", user_id=None)
    till(outlet, honey, 1)
    db.session.commit()
    return outlet, tea, honey, kept


def till(outlet, product, units: int, price=None):
    """A counter sale of `units` of `product` at the outlet."""
    return sell(outlet, [(find_on_shelf(outlet, product.slug), units, price)], payment="cash", user_id=None,
                today=TODAY)
