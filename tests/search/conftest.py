"""Every search test runs on each backend: Whoosh, and PostgreSQL full-text when the database is PostgreSQL."""
import pytest

from shop.extensions import db


@pytest.fixture(autouse=True, params=["whoosh", "postgres"])
def search_backend(request, app):
    """The backend under test; Whoosh-only behaviour is marked `whoosh_only`."""
    if request.param == "postgres":
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the PostgreSQL search backend needs TEST_DATABASE_URL (CI sets it)")
        if request.node.get_closest_marker("whoosh_only"):
            pytest.skip("Whoosh-only behaviour")
    app.config["SEARCH_BACKEND"] = request.param
    return request.param
