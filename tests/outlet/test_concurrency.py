"""Against a real server, the same transfer acted on twice at the same moment: two staff receiving it, or the
producer cancelling while the outlet receives. Exactly one step wins, and every place's on hand is its ledger."""
import threading

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import fulfilment_location
from shop.sellers.models import SellerMember
from shop.transfers.models import Transfer, TransferEvent
from shop.transfers.services import create_transfer, send_transfer
from tests.accounts.support import PASSWORD, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.support.server import running_shop, shop_environment
from tests.support.visitor import Visitor

ROUNDS, UNITS = 4, 3


@pytest.fixture
def shop(database_url, tmp_path):
    tea = make_product("Chè Tân Cương", stock=ROUNDS * UNITS)
    db.session.add(SellerMember(user=make_user("nsx@ocop.vn"), seller=tea.seller, role="owner"))
    outlet = make_outlet(staff=[make_user("an@ocop.vn"), make_user("binh@ocop.vn")])
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with running_shop(env, workers=4) as base:
        yield base, tea, outlet


def signed_in(base: str, email: str) -> Visitor:
    person = Visitor(base)
    status, _page = person.post_form("/account/login", "/account/login", email=email, password=PASSWORD)
    assert status in (302, 303), email
    return person


def sent(tea, outlet) -> str:
    transfer = create_transfer(tea.seller, outlet, [(tea, UNITS)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)
    db.session.commit()
    return transfer.number


def at_once(*steps) -> list[int]:
    """Each (visitor, path, form page[, fields]) POST from its own thread, its token fetched first and all released
    at the same instant; their statuses in order."""
    start, statuses = threading.Barrier(len(steps)), [None] * len(steps)

    def run(index, visitor, path, form_page, fields=None):
        token = visitor.csrf_token(form_page)
        start.wait(timeout=60)
        statuses[index] = visitor.post(path, token, **(fields or {}))[0]
    threads = [threading.Thread(target=run, args=(index, *step)) for index, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def balanced(*places) -> list[int]:
    """Each place's on hand, after checking that it equals the sum of its ledger."""
    db.session.expire_all()
    levels = []
    for place in places:
        on_hand = db.session.scalar(select(func.coalesce(func.sum(StockLevel.on_hand), 0))
                                    .where(StockLevel.location_id == place.id))
        assert on_hand == db.session.scalar(select(func.coalesce(func.sum(StockMovement.delta), 0))
                                            .where(StockMovement.location_id == place.id)), place.name
        levels.append(on_hand)
    return levels


def steps_taken(number: str, state: str) -> int:
    return db.session.scalar(select(func.count()).select_from(TransferEvent)
                             .join(Transfer, Transfer.id == TransferEvent.transfer_id)
                             .where(Transfer.number == number, TransferEvent.state == state))


def test_two_staff_receiving_the_same_transfer_count_it_once(shop):
    base, tea, outlet = shop
    an, binh = signed_in(base, "an@ocop.vn"), signed_in(base, "binh@ocop.vn")
    for done in range(1, ROUNDS + 1):
        number = sent(tea, outlet)
        page, receive = f"/outlet/transfers/{number}", f"/outlet/transfers/{number}/receive"
        assert sorted(at_once((an, receive, page), (binh, receive, page))) == [303, 409]
        assert steps_taken(number, "received") == 1
        assert balanced(fulfilment_location(tea), outlet) == [(ROUNDS - done) * UNITS, done * UNITS]


def test_a_producer_cancelling_while_the_outlet_receives_one_of_them_wins(shop):
    base, tea, outlet = shop
    producer, staff = signed_in(base, "nsx@ocop.vn"), signed_in(base, "an@ocop.vn")
    warehouse, outcomes = fulfilment_location(tea), []
    for _round in range(ROUNDS):
        number = sent(tea, outlet)
        cancelled, received = at_once((producer, f"/seller/transfers/{number}/cancel", f"/seller/transfers/{number}"),
                                      (staff, f"/outlet/transfers/{number}/receive", f"/outlet/transfers/{number}"))
        assert sorted([cancelled, received]) == [303, 409]
        state = db.session.scalar(select(Transfer.state).where(Transfer.number == number))
        assert state == ("received" if received == 303 else "cancelled")
        assert steps_taken(number, "received") + steps_taken(number, "cancelled") == 1
        outcomes.append(state)
    at_outlet = outcomes.count("received") * UNITS
    assert balanced(warehouse, outlet) == [ROUNDS * UNITS - at_outlet, at_outlet]
