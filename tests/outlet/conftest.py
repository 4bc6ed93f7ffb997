"""Fixtures of the outlet staff's pages."""
import pytest

from tests.accounts.support import log_in, make_user


@pytest.fixture
def staff(client):
    """A signed-in member of staff (of no outlet yet)."""
    user = make_user("nv@ocop.vn", name="Nhân viên")
    log_in(client, "nv@ocop.vn")
    return user
