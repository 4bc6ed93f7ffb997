"""Against a real server, two office staff marking the same settlement paid at the same instant: it is closed
once, and each period starts where the last one ended."""
import re
import threading

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.settlements.models import Settlement
from shop.settlements.services import set_rate
from tests.accounts.support import make_user
from tests.conftest import TODAY
from tests.outlet.test_concurrency import signed_in
from tests.settlements.support import consignment, till
from tests.support.server import running_shop, shop_environment

ROUNDS = 3
PAGE = "/office/settlements"


@pytest.fixture
def shop(database_url, tmp_path):
    make_user("vp1@ocop.gov.vn", office=True)
    make_user("vp2@ocop.gov.vn", office=True)
    outlet, tea, _honey, _kept = consignment()
    set_rate(outlet, None, 1000)
    db.session.commit()
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with running_shop(env, workers=4) as base:
        yield base, outlet, tea


def both_pay(*people) -> None:
    """Each person opens the settlements page, then all post the tea producer's pay form at the same instant."""
    start = threading.Barrier(len(people))

    def run(person):
        token = person.csrf_token(PAGE)
        form = re.search(r'action="/office/settlements/paid">(.*?)</form>', person.get(PAGE)[1], re.S).group(1)
        fields = dict(re.findall(r'name="(outlet|seller|through|owed)" value="([^"]*)"', form))
        start.wait(timeout=60)
        person.post(f"{PAGE}/paid", token, **fields)
    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def test_two_offices_paying_the_same_settlement_close_it_once(shop):
    base, outlet, tea = shop
    first, second = signed_in(base, "vp1@ocop.gov.vn"), signed_in(base, "vp2@ocop.gov.vn")
    for rounds in range(1, ROUNDS + 1):
        both_pay(first, second)
        paid = db.session.scalars(select(Settlement).where(Settlement.seller_id == tea.seller_id)
                                  .order_by(Settlement.id)).all()
        assert len(paid) == rounds
        assert [settlement.after_movement_id for settlement in paid] == [
            0, *(settlement.through_movement_id for settlement in paid[:-1])]
        till(outlet, tea, 1)  # something new to settle in the next round
        db.session.commit()
        db.session.expire_all()
