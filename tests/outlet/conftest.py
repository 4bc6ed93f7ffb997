"""Fixtures of the outlet staff's pages."""
import pytest

from tests.accounts.support import log_in, make_user
from tests.conftest import TODAY
from tests.factories import make_outlet, make_product
from tests.support.server import running_shop, shop_environment


@pytest.fixture
def staff(client):
    """A signed-in member of staff (of no outlet yet)."""
    user = make_user("nv@ocop.vn", name="Nhân viên")
    log_in(client, "nv@ocop.vn")
    return user


@pytest.fixture
def two_staff_shop(database_url, tmp_path):
    """A real server (4 workers) and an outlet with two staff, an@ and binh@, and a tea it holds none of yet:
    (base URL, tea, outlet), for two people acting at the same instant."""
    tea = make_product("Chè Tân Cương", stock=0)
    outlet = make_outlet(staff=[make_user("an@ocop.vn"), make_user("binh@ocop.vn")])
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with running_shop(env, workers=4) as base:
        yield base, tea, outlet
