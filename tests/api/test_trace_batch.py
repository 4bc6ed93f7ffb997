"""/api/v1/trace/<gtin>/<batch>: a batch's Digital Link page as JSON — the product's answer, the batch and its
trail; 404s with a code and a reason; and /api/v1/trace/<gtin> lists the batches."""
from datetime import timedelta

import pytest

from tests.conftest import TODAY
from tests.trace.story import GTIN, batch_story


def test_a_batch_answers_its_dates_and_its_trail_without_the_buyer(client):
    lot, warehouse, outlet, order = batch_story()
    answer = client.get(f"/api/v1/trace/{GTIN}/L-0626")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["gtin"] == GTIN and body["status"] == "valid" and body["seller"]["name"] == "HTX Chè Tân Cương"
    assert body["batch"] == {"code": "L-0626", "produced_on": lot.produced_on.isoformat(),
                             "best_before": lot.best_before.isoformat(), "past_best_before": False,
                             "digital_link": body["batch"]["digital_link"]}
    assert body["batch"]["digital_link"].endswith(f"/01/0{GTIN}/10/L-0626")
    assert [(step["kind"], step["units"]) for step in body["trail"]] == [
        ("received", 10), ("sent", 6), ("arrived", 6), ("sold_counter", 3), ("unsold", 1), ("sold_online", 1),
        ("returned", 1), ("arrived", 1)]
    for private in ("Trần Văn Minh", "0987654321", "12 Hàng Bạc", order.number):
        assert private not in answer.text


def test_the_product_lists_its_batches(client):
    batch_story()
    body = client.get(f"/api/v1/trace/0{GTIN}").get_json()
    assert [(batch["code"], batch["digital_link"].endswith("/10/L-0626")) for batch in body["batches"]] == [
        ("L-0626", True)]


def test_past_best_before_is_said(client, app):
    batch_story()
    app.config["SHOP_TODAY"] = TODAY + timedelta(days=301)
    assert client.get(f"/api/v1/trace/{GTIN}/l-0626").get_json()["batch"]["past_best_before"] is True


@pytest.mark.parametrize(("path", "code"), [
    (f"{GTIN}/L-9999", "not_found"),
    ("8934563138158/L-0626", "not_found"),
    (f"{GTIN[:-1]}4/L-0626", "bad_gtin"),
    (f"{GTIN}/{'L' * 21}", "bad_gtin"),
    (f"{GTIN}/L%200626", "bad_gtin"),
])
def test_a_batch_not_found_is_a_404_with_a_code(client, path, code):
    batch_story()
    answer = client.get(f"/api/v1/trace/{path}")
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == code


def test_the_product_answers_its_recent_trail(client):
    batch_story()
    product, batch = (client.get(path).get_json() for path in (f"/api/v1/trace/0{GTIN}",
                                                                f"/api/v1/trace/0{GTIN}/L-0626"))
    assert product["trail"] == batch["trail"]  # the story's every unit is of batch L-0626
    assert [step["kind"] for step in product["trail"]][:3] == ["received", "sent", "arrived"]
