"""Against a real server, the office's "confirm" sent twice at the same instant (a double click, two clerks):
the list is imported once, each certificate once, and neither request fails."""
import os
import shutil
from io import BytesIO

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from shop.certification.models import Certificate
from shop.extensions import db
from shop.office.list_imports import stage_list
from shop.office.models import ImportRun
from tests.accounts.support import make_user
from tests.certification.test_importer import GOOD_ROWS, HEADER
from tests.conftest import TODAY
from tests.outlet.test_concurrency import at_once, signed_in
from tests.support.server import ROOT, running_shop, shop_environment

ROUNDS = 3


@pytest.fixture
def shop(database_url, tmp_path):
    clerk = make_user("an@ocop.gov.vn", office=True)
    make_user("binh@ocop.gov.vn", office=True)
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with running_shop(env, workers=4) as base:
        yield base, clerk


def staged_for_the_server(app, rows, clerk) -> ImportRun:
    """A list uploaded by `clerk` and kept where the server (instance/ of the checkout) finds it."""
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    run = stage_list(FileStorage(BytesIO(data), filename="ds.csv"), clerk)
    db.session.commit()
    target = ROOT / "instance" / run.stored_as
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(os.path.join(app.instance_path, run.stored_as), target)
    return run


def test_a_list_confirmed_twice_at_once_is_imported_once(app, shop):
    base, clerk = shop
    an, binh = signed_in(base, "an@ocop.gov.vn"), signed_in(base, "binh@ocop.gov.vn")
    for round_, row in enumerate(GOOD_ROWS[:ROUNDS], start=1):
        run = staged_for_the_server(app, [row], clerk)
        page, path = f"/office/imports/{run.token}", f"/office/imports/{run.token}/confirm"
        statuses = at_once((an, path, page, {"sha256": run.sha256}), (binh, path, page, {"sha256": run.sha256}))
        assert statuses == [303, 303]  # one imported, the other told it was done already: never a 500
        db.session.expire_all()
        done = db.session.get(ImportRun, run.id)
        assert (done.status, done.created, done.updated, done.unchanged) == ("imported", 1, 0, 0)  # counted once
        assert db.session.scalar(select(func.count(Certificate.id))) == round_  # each row's certificate once
        os.remove(ROOT / "instance" / run.stored_as)
