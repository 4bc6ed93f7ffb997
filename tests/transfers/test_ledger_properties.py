"""The stock ledger under any sequence of inventory and transfer steps: on hand is always the ledger's sum
(per location, product and batch), never negative nor below the reserved units, not a unit appears or vanishes
between the places, and no unit of a batch past its best-before is ever sold."""
from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import Batch, StockLevel, StockMovement
from shop.inventory.services import (
    AlreadyRecorded,
    StockRefused,
    count_stock,
    find_or_make_batch,
    fulfilment_location,
    receive_stock,
    release_reservation,
    reserve_stock,
    settle_reservation,
    take_stock,
)
from shop.transfers.models import Transfer
from shop.transfers.queries import in_transit
from shop.transfers.services import (
    TransferInvalid,
    TransferRefused,
    cancel_transfer,
    create_transfer,
    receive_transfer,
    return_stock,
    send_transfer,
)
from tests.accounts.support import make_user
from tests.factories import make_outlet, make_product

REFUSALS = (StockRefused, AlreadyRecorded, TransferRefused, TransferInvalid)
FROM_OUTSIDE = ("receipt", "count")  # units that enter (or, counted missing, leave) the producer's books
OTHER = {"outlet": "producer", "producer": "outlet"}
RIGHTLY = st.sampled_from([True, True, True, False])  # mostly the side whose step it is, sometimes the other
UNITS = st.integers(1, 12)
# An online order's steps at the warehouse: cash on delivery takes units; a card reserves, then releases or settles.
ONLINE_ORDER = st.sampled_from([take_stock, reserve_stock, release_reservation, settle_reservation])
SHORT = st.lists(st.sampled_from([0, 0, 1, 3]), min_size=3, max_size=3)  # units missing on each line, at most


SHELF_LIVES = (10, 40, -1)  # each product's batches: best-before in 10 days, in 40 days, and yesterday (past)
BATCH = st.sampled_from([None, 0, 1, 2])  # no batch, or the index of one of the product's batches


def levels() -> dict[tuple[int, int, int | None], tuple[int, int]]:
    """{(location id, product id, batch id): (on hand, reserved)} of every stock level."""
    rows = db.session.execute(select(StockLevel.location_id, StockLevel.product_id, StockLevel.batch_id,
                                     StockLevel.on_hand, StockLevel.reserved))
    return {(location, product, batch): (on_hand, reserved) for location, product, batch, on_hand, reserved in rows}


def ledger_sums(*group) -> Counter:
    """The ledger's units summed by `group` (columns of StockMovement)."""
    rows = db.session.execute(select(*group, func.sum(StockMovement.delta)).group_by(*group))
    return Counter({tuple(row[:-1]): row[-1] for row in rows})


def books() -> tuple:
    """Everything a refused step must leave as it was: levels, ledger rows, transfers' states and receipts."""
    transfers = db.session.execute(select(Transfer.id, Transfer.state).order_by(Transfer.id)).all()
    return (levels(), db.session.scalar(select(func.count(StockMovement.id))), transfers)


def side(transfer: Transfer, role: str, rightly: bool) -> str:
    """Who acts: the transfer's "sender" or "receiver" side if `rightly`, else the other one."""
    sender = "outlet" if transfer.is_return else "producer"
    acting = sender if role == "sender" else OTHER[sender]
    return acting if rightly else OTHER[acting]


def ledger_machine(tea, honey, warehouse, outlets, today, batches):
    """A state machine of one producer's two products (each with `batches`, by product id) moving between its
    warehouse and two outlets."""
    products, places = st.sampled_from([tea, honey]), st.sampled_from([warehouse, *outlets])
    lines = st.lists(st.tuples(products, UNITS), min_size=1, max_size=3)  # a transfer's (product, units)
    product_ids = [tea.id, honey.id]

    class Ledger(RuleBasedStateMachine):
        drafts, on_the_way = Bundle("drafts"), Bundle("on_the_way")  # transfers as made (later steps may refuse)

        def __init__(self):
            super().__init__()
            self.example = db.session.begin_nested()  # each example starts from the same committed shop
            self.orders = 0

        def teardown(self):
            self.example.rollback()
            db.session.expire_all()

        def step(self, verb):
            """Take one step in a savepoint: done, or refused and rolled back with nothing changed."""
            before = books()
            savepoint = db.session.begin_nested()
            try:
                done = verb()
            except REFUSALS:
                savepoint.rollback()
                db.session.expire_all()
                assert books() == before, "a refused step changed the books"
                return None
            savepoint.commit()
            return done

        @staticmethod
        def kept(transfer):
            """The new transfer's id for later steps to pick; a refused one leaves nothing to pick."""
            return multiple(transfer.id) if transfer else multiple()

        @staticmethod
        def draft(outlet, lines) -> Transfer:
            return create_transfer(tea.seller, outlet, lines, note=None, user_id=None, today=today)

        def order(self) -> str:
            self.orders += 1
            return f"DH-{self.orders}"

        @rule(place=places, product=products, units=UNITS, reference=st.sampled_from([None, "PN-1", "PN-2"]),
              batch=BATCH)
        def receive(self, place, product, units, reference, batch):
            lot = None if batch is None else db.session.get(Batch, batches[product.id][batch])
            self.step(lambda: receive_stock(place, product, units, reason="receipt", reference=reference, batch=lot))

        @rule(place=places, product=products, counted=st.integers(0, 30))
        def count(self, place, product, counted):
            self.step(lambda: count_stock(place, product, counted, note="kiểm kê"))

        @rule(verb=ONLINE_ORDER, product=products, units=UNITS)
        def order_online(self, verb, product, units):
            self.step(lambda: verb(product, units, reference=self.order()))

        @rule(target=drafts, outlet=st.sampled_from(outlets), lines=lines)
        def create(self, outlet, lines):
            return self.kept(self.step(lambda: self.draft(outlet, lines)))

        @rule(target=on_the_way, outlet=st.sampled_from(outlets), lines=lines)
        def create_and_send(self, outlet, lines):
            return self.kept(self.step(lambda: send_transfer(self.draft(outlet, lines), by="producer", user_id=None,
                                                             today=today)))

        @initialize(target=on_the_way, outlet=st.sampled_from(outlets), lines=lines)
        def first_on_the_road(self, outlet, lines):
            return self.create_and_send(outlet, lines)

        @rule(target=on_the_way, transfer=drafts, rightly=RIGHTLY)
        def send(self, transfer, rightly):
            sheet = db.session.get(Transfer, transfer)
            return self.kept(self.step(lambda: send_transfer(sheet, by=side(sheet, "sender", rightly), user_id=None,
                                                             today=today)))

        @rule(transfer=on_the_way, rightly=RIGHTLY, short=SHORT, note=st.sampled_from(["", "vỡ hai hộp", "ướt"]))
        def arrive(self, transfer, rightly, short, note):
            sheet = db.session.get(Transfer, transfer)
            counts = {line.product_id: max(0, line.quantity - less)
                      for line, less in zip(sheet.lines, short, strict=False)}
            self.step(lambda: receive_transfer(sheet, counts, by=side(sheet, "receiver", rightly), note=note,
                                               user_id=None))

        @rule(transfer=st.one_of(drafts, on_the_way), rightly=RIGHTLY)
        def cancel(self, transfer, rightly):
            sheet = db.session.get(Transfer, transfer)
            self.step(lambda: cancel_transfer(sheet, by=side(sheet, "sender", rightly), user_id=None, note="huỷ"))

        @rule(target=on_the_way, outlet=st.sampled_from(outlets), product=products, units=UNITS)
        def send_back(self, outlet, product, units):
            return self.kept(self.step(lambda: return_stock(outlet, product, units, note="sắp hết hạn", user_id=None,
                                                            today=today)))

        @invariant()
        def no_unit_past_its_best_before_is_sold(self):
            past = [ids[2] for ids in batches.values()]
            sold = ledger_sums(StockMovement.batch_id, StockMovement.reason)
            assert not any(sold[batch, reason] for batch in past for reason in ("order", "sale"))

        @invariant()
        def every_unit_is_on_the_books(self):
            held = levels()
            ledger = ledger_sums(StockMovement.location_id, StockMovement.product_id, StockMovement.batch_id)
            assert all(ledger[place] == on_hand >= reserved >= 0 for place, (on_hand, reserved) in held.items())
            assert all(place in held for place, units in ledger.items() if units)
            by_reason, travelling = ledger_sums(StockMovement.product_id, StockMovement.reason), in_transit(
                tea.seller_id, product_ids)
            for product in product_ids:  # what came in is here, on the road, sold or lost: nothing else
                came = sum(by_reason[product, reason] for reason in FROM_OUTSIDE)
                here = sum(on_hand for (_, held_product, _), (on_hand, _) in held.items() if held_product == product)
                sold, lost = -by_reason[product, "order"], -by_reason[product, "loss"]
                assert came == here + travelling.get(product, 0) + sold + lost and sold >= 0 and lost >= 0

    return Ledger


def test_any_sequence_of_stock_and_transfer_steps_keeps_every_unit_accounted_for(today):
    tea = make_product("Chè Tân Cương", stock=40)
    honey = make_product("Mật ong bạc hà", seller=tea.seller, stock=40)
    outlets = [make_outlet(staff=[make_user("diemban@example.com")], stock=[(tea, 10), (honey, 10)]),
               make_outlet("Trung tâm OCOP Thái Nguyên", slug="trung-tam-ocop-thai-nguyen", kind="provincial_centre",
                           province="Thái Nguyên")]
    warehouse = fulfilment_location(tea)
    batches = {product.id: [find_or_make_batch(product, f"L{days}", today - timedelta(days=100),
                                               today + timedelta(days=days)).id for days in SHELF_LIVES]
               for product in (tea, honey)}
    db.session.commit()
    run_state_machine_as_test(ledger_machine(tea, honey, warehouse, outlets, today, batches), settings=settings(
        max_examples=30, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
