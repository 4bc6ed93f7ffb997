"""Settings from the environment."""

import pytest
from flask import request, session

from shop import config, create_app
from shop.extensions import limiter


def test_secret_key_is_random_and_kept_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.from_environment(str(tmp_path))["SECRET_KEY"]
    assert len(first) == 64 and first == config.from_environment(str(tmp_path))["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    (tmp_path / "other").mkdir()
    assert config.from_environment(str(tmp_path / "other"))["SECRET_KEY"] != first


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert config.from_environment(str(tmp_path))["SECRET_KEY"] == "from-env"


def test_shop_today_must_be_an_iso_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOP_TODAY", "23/11/2026")
    with pytest.raises(ValueError, match="SHOP_TODAY must be an ISO date"):
        config.from_environment(str(tmp_path))
    monkeypatch.setenv("SHOP_TODAY", "2026-11-23")
    assert config.from_environment(str(tmp_path))["SHOP_TODAY"].isoformat() == "2026-11-23"


def test_session_cookie_is_secure_unless_debugging(tmp_path, monkeypatch):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    assert config.from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert config.from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("secure", [True, False])
def test_the_remember_me_cookie_is_as_secure_as_the_session(tmp_path, secure):
    app = create_app({"SESSION_COOKIE_SECURE": secure, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["REMEMBER_COOKIE_SECURE"] is secure


def test_shop_url_is_required_outside_debug_once_mail_is_sent(tmp_path, monkeypatch):
    monkeypatch.delenv("SHOP_URL", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    development = config.from_environment(str(tmp_path))
    assert development["SHOP_URL"] == "http://127.0.0.1:5000"
    assert development["TRUSTED_HOSTS"] == ["127.0.0.1", "localhost"]
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.vn")
    with pytest.raises(ValueError, match="SHOP_URL must be set when MAIL_SERVER is"):
        config.from_environment(str(tmp_path))
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert config.from_environment(str(tmp_path))["SHOP_URL"] == "http://127.0.0.1:5000"


def test_shop_url_gives_the_trusted_host_and_more_may_be_added(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOP_URL", "https://cho-ocop.example.vn/")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    settings = config.from_environment(str(tmp_path))
    assert settings["SHOP_URL"] == "https://cho-ocop.example.vn"  # without the trailing slash
    assert settings["TRUSTED_HOSTS"] == ["cho-ocop.example.vn"]
    monkeypatch.setenv("TRUSTED_HOSTS", " www.cho-ocop.example.vn, .Cho-Ocop.VN ,")
    assert config.from_environment(str(tmp_path))["TRUSTED_HOSTS"] == [
        "cho-ocop.example.vn", "www.cho-ocop.example.vn", ".cho-ocop.vn"]
    monkeypatch.setenv("TRUSTED_HOSTS", "evil.example/x")
    with pytest.raises(ValueError, match="TRUSTED_HOSTS must be host names"):
        config.from_environment(str(tmp_path))


@pytest.mark.parametrize("value", ["cho-ocop.example.vn", "ftp://cho-ocop.example.vn", "https://",
                                   "https://cho-ocop.example.vn/?a=1", "https://cho-ocop.example.vn/#top",
                                   "https://admin@cho-ocop.example.vn", "https://cho-ocop.example.vn:99999",
                                   "https://cho ocop.vn", "javascript:alert(1)"])
def test_shop_url_must_be_a_site_address(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SHOP_URL", value)
    with pytest.raises(ValueError, match="SHOP_URL must be http"):
        config.from_environment(str(tmp_path))


@pytest.mark.parametrize("value", ["0", "101", "abc", "-5"])
def test_products_per_page_must_be_1_to_100(tmp_path, monkeypatch, value):
    monkeypatch.setenv("PRODUCTS_PER_PAGE", value)
    with pytest.raises(ValueError, match="PRODUCTS_PER_PAGE"):
        config.from_environment(str(tmp_path))


def test_postgres_search_needs_a_postgres_database(tmp_path, monkeypatch):
    from shop import create_app

    monkeypatch.setenv("SEARCH_BACKEND", "postgres")
    with pytest.raises(ValueError, match="SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    monkeypatch.setenv("SEARCH_BACKEND", "solr")
    with pytest.raises(ValueError, match="SEARCH_BACKEND must be one of whoosh, postgres"):
        config.from_environment(str(tmp_path))


def test_behind_a_trusted_proxy_rate_limits_count_the_real_client(tmp_path):
    """With TRUSTED_PROXIES=1 the client address (what login limits count) comes from X-Forwarded-For."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "x",
                      "TRUSTED_PROXIES": 1})
    seen = {}

    @app.get("/whoami")
    def whoami():
        seen["address"] = request.remote_addr
        return ""

    app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.7"})
    assert seen["address"] == "203.0.113.7"


def test_a_rate_limit_set_for_every_page_still_limits_every_page(tmp_path, monkeypatch):
    """The shop checks limits before a request only while some limit covers every page (none by default)."""
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])  # the one limiter forgets this app's limit after
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "x",
                      "RATELIMIT_DEFAULT": "2 per minute"})

    @app.get("/ping")
    def ping():
        return "pong"

    client = app.test_client()
    assert [client.get("/ping").status_code for _ in range(3)] == [200, 200, 429]


def test_a_session_signed_with_a_replaced_key_is_kept_only_while_that_key_is_a_fallback(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "old"})

    @app.get("/visit")
    def visit():
        session["visits"] = session.get("visits", 0) + 1
        return str(session["visits"])

    client = app.test_client()
    assert [client.get("/visit").text for _ in range(2)] == ["1", "2"]
    app.secret_key, app.config["SECRET_KEY_FALLBACKS"] = "new", ["old"]
    assert client.get("/visit").text == "3"  # read with the fallback, signed again with the new key
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert client.get("/visit").text == "4"
    app.secret_key = "newer"
    assert client.get("/visit").text == "1"  # a key no longer known: a new session
