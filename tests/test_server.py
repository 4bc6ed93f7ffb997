"""End to end over real HTTP: what `make run` does — migrate, seed an empty shop, serve."""
import json
import urllib.request

from tests.conftest import TODAY
from tests.support.server import flask_command, running_shop, shop_environment


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read().decode()


def test_a_migrated_seeded_shop_serves_demo_products_over_http(database_url):
    env = shop_environment(database_url, SHOP_TODAY=TODAY.isoformat())
    flask_command("db", "upgrade", env=env)
    assert "added" in flask_command("seed-demo", "--if-empty", env=env).stdout
    with running_shop(env) as base:
        home = fetch(f"{base}/")
        assert "sao OCOP" in home and "Rượu sim Quý Chuẩn" not in home  # revoked in the demo
        api = json.loads(fetch(f"{base}/api/v1/products?per_page=100"))
        assert api["total"] == 68
        product = fetch(f"{base}/products/{api['items'][0]['slug']}")
        assert api["items"][0]["certificate"]["code"] in product


def test_shop_today_past_every_expiry_empties_the_running_shop(database_url):
    flask_command("seed-demo", env=shop_environment(database_url, SHOP_TODAY=TODAY.isoformat()))
    with running_shop(shop_environment(database_url, SHOP_TODAY="2040-01-01")) as base:
        assert json.loads(fetch(f"{base}/api/v1/products"))["total"] == 0
        assert "Hiện chưa có sản phẩm nào đang bán" in fetch(f"{base}/products")
