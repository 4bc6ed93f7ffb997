"""A database out of reach: 503 with Retry-After — a page in the visitor's language, JSON for
the API and Stripe's webhook — and the shop works again at the next request after it returns."""
import json
import urllib.error
import urllib.request

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from shop.extensions import db
from tests.conftest import TODAY
from tests.factories import make_product
from tests.support.server import free_port, running_shop, shop_environment
from tests.support.stripe_events import WEBHOOK_SECRET, signed_event
from tests.support.tcp_proxy import cuttable_proxy

VIETNAMESE, ENGLISH = "Cửa hàng đang tạm gián đoạn", "The shop is briefly unavailable"


class Outage:
    """The test database taken away and brought back, in this process.

    While away, pooled connections are gone and each new one is sent where no database
    answers, so the driver fails for real: SQLite looks for its file in a folder that does
    not exist, PostgreSQL knocks on a port where nothing listens.
    """

    def __init__(self, folder):
        self.folder = folder

    def _nowhere(self, _dialect, _record, cargs, cparams):
        if cargs:
            cargs[0] = str(self.folder / "gone" / "shop.db")
        else:
            cparams.update(host="127.0.0.1", port=free_port())

    def begin(self):
        db.session.remove()
        db.engine.dispose()
        event.listen(db.engine, "do_connect", self._nowhere)

    def end(self):
        if event.contains(db.engine, "do_connect", self._nowhere):
            event.remove(db.engine, "do_connect", self._nowhere)


@pytest.fixture
def outage(tmp_path):
    database = Outage(tmp_path)
    yield database
    database.end()


def _webhook(client, event_id: str):
    payload, signature = signed_event("payment_intent.succeeded", "pi_unknown", event_id)
    return client.post("/webhooks/stripe", data=payload, headers={"Stripe-Signature": signature},
                       content_type="application/json")


def test_an_unreachable_database_answers_503_with_retry_after_then_recovers(app, client, outage):
    app.config["STRIPE_WEBHOOK_SECRET"] = WEBHOOK_SECRET
    page = f"/products/{make_product('Chè Tân Cương').slug}"
    english = app.test_client()
    english.set_cookie("lang", "en")
    outage.begin()
    home, product = client.get("/"), english.get(page)
    api, webhook = client.get("/api/v1/products"), _webhook(client, "evt_during")
    assert [a.status_code for a in (home, product, api, webhook)] == [503] * 4
    assert all(a.headers["Retry-After"] == "30" for a in (home, product, api, webhook))
    assert VIETNAMESE in home.text and '<html lang="vi">' in home.text
    assert ENGLISH in product.text and '<html lang="en">' in product.text
    assert api.get_json()["error"]["code"] == webhook.get_json()["error"]["code"] == "unavailable"
    outage.end()
    assert [client.get(path).status_code for path in ("/", page, "/api/v1/products")] == [200] * 3
    assert _webhook(client, "evt_after").get_json()["outcome"] == "unknown payment"


def _fetch(url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as answer:
        with answer:
            return answer.code, dict(answer.headers), answer.read().decode()


def _visit(base: str, page: str, event_id: str) -> list[tuple[int, dict, str]]:
    """The home page, a product page in English, the API and a Stripe event, over HTTP."""
    payload, signature = signed_event("payment_intent.succeeded", "pi_unknown", event_id)
    return [_fetch(f"{base}/"), _fetch(f"{base}{page}", headers={"Cookie": "lang=en"}),
            _fetch(f"{base}/api/v1/products"),
            _fetch(f"{base}/webhooks/stripe", payload, {"Stripe-Signature": signature,
                                                         "Content-Type": "application/json"})]


def test_a_server_cut_off_from_postgresql_answers_503_then_recovers(database_url, tmp_path):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL server to cut off needs TEST_DATABASE_URL (CI sets it)")
    page = f"/products/{make_product('Chè Tân Cương').slug}"
    url = make_url(database_url)
    with cuttable_proxy(url.host, url.port or 5432) as proxy:
        through_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        env = shop_environment(through_proxy, SHOP_TODAY=TODAY.isoformat(), SEARCH_INDEX_DIR=str(tmp_path / "index"),
                               STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET)
        with running_shop(env) as base:
            assert [status for status, _, _ in _visit(base, page, "evt_1")] == [200] * 4
            proxy.cut()  # every pooled connection dies; nobody asks while the line is down
            proxy.restore()
            assert [status for status, _, _ in _visit(base, page, "evt_2")] == [200] * 4
            proxy.cut()
            home, product, api, webhook = _visit(base, page, "evt_3")
            proxy.restore()
            assert [status for status, _, _ in _visit(base, page, "evt_4")] == [200] * 4
    assert [answer[0] for answer in (home, product, api, webhook)] == [503] * 4
    assert all(headers["Retry-After"] == "30" for _, headers, _ in (home, product, api, webhook))
    assert VIETNAMESE in home[2] and ENGLISH in product[2]
    assert json.loads(api[2])["error"]["code"] == json.loads(webhook[2])["error"]["code"] == "unavailable"
