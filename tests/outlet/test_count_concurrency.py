"""Against a real server: two staff finishing the same count at the same instant apply it once (303 and 409),
and a sale racing a count's finish never has the count applied to units it did not see."""
import threading

import pytest
from sqlalchemy import func, select

from shop.counts.models import StockCount
from shop.counts.services import save_count
from shop.extensions import db
from shop.inventory.models import StockMovement
from shop.inventory.services import receive_stock
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.counts.test_services import level
from tests.factories import make_outlet, make_product
from tests.outlet.test_concurrency import balanced, signed_in
from tests.support.server import running_shop, shop_environment

ROUNDS = 3
HOME = "/outlet/diem-ban-ho-guom"


@pytest.fixture
def shop(database_url, tmp_path):
    tea = make_product("Chè Tân Cương", stock=0)
    outlet = make_outlet(staff=[make_user("an@ocop.vn"), make_user("binh@ocop.vn")])
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with running_shop(env, workers=4) as base:
        yield base, tea, outlet


def at_once(*steps) -> list[int]:
    """Each (visitor, path, token, fields) POSTed from its own thread, released at the same instant: statuses."""
    start, answers = threading.Barrier(len(steps)), [None] * len(steps)

    def run(index, visitor, path, token, fields):
        start.wait(timeout=60)
        answers[index] = visitor.post(path, token, **fields)[0]
    threads = [threading.Thread(target=run, args=(index, *step)) for index, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def counted_one_short(outlet, tea):
    """Five more teas on the shelf, and the open count (a new one, or the one left open) finding one fewer."""
    receive_stock(outlet, tea, 5, reason="receipt")
    db.session.commit()
    on_hand = level(outlet, tea).on_hand
    save_count(outlet, [(level(outlet, tea), on_hand - 1, on_hand)], note="Thiếu một gói", user_id=None)
    db.session.commit()
    return on_hand


def count_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(StockMovement).where(StockMovement.reason == "count"))


def test_a_double_finish_applies_the_count_once(shop):
    base, tea, outlet = shop
    an, binh = signed_in(base, "an@ocop.vn"), signed_in(base, "binh@ocop.vn")
    for done in range(1, ROUNDS + 1):
        on_hand = counted_one_short(outlet, tea)
        finish = {"finish": "1", "note": "Thiếu một gói"}
        answers = at_once(*((person, f"{HOME}/counts", person.csrf_token(f"{HOME}/counts/sheet"), finish)
                            for person in (an, binh)))
        assert sorted(answers) == [303, 409]
        assert balanced(outlet) == [on_hand - 1] and count_rows() == done


def test_a_sale_racing_a_finish_never_lets_the_count_swallow_it(shop):
    base, tea, outlet = shop
    an, binh = signed_in(base, "an@ocop.vn"), signed_in(base, "binh@ocop.vn")
    for _round in range(ROUNDS):
        on_hand = counted_one_short(outlet, tea)
        answers = at_once(
            (an, f"{HOME}/counts", an.csrf_token(f"{HOME}/counts/sheet"), {"finish": "1", "note": "Thiếu một gói"}),
            (binh, f"{HOME}/sales", binh.csrf_token(f"{HOME}/sales/new"),
             {"product": "che-tan-cuong", "quantity": "1", "payment": "cash"}))
        finished = db.session.scalar(select(func.count()).select_from(StockCount)
                                     .where(StockCount.state == "open")) == 0
        assert answers == ([303, 303] if finished else [409, 303])
        assert balanced(outlet) == [on_hand - 2 if finished else on_hand - 1]  # (still open: counted again next)
