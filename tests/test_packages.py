"""Each package registers itself: create_app alone brings every table, and every page lives on its own
module's blueprint (no module adds routes to another's)."""
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
# In a fresh process: the tables create_app registers, then the tables after importing every module of shop/.
TABLES = """
import importlib, pkgutil
import shop
from shop.extensions import db
shop.create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "tables", "TESTING": True})
print(" ".join(sorted(db.metadata.tables)))
for module in pkgutil.walk_packages(shop.__path__, "shop."):
    importlib.import_module(module.name)
print(" ".join(sorted(db.metadata.tables)))
"""


def test_create_app_alone_registers_every_table():
    """What `flask db upgrade` and autogenerate see: every table some module of shop/ defines."""
    fresh = subprocess.run([sys.executable, "-c", TABLES], cwd=ROOT, capture_output=True, text=True, check=True)
    registered, defined = fresh.stdout.splitlines()
    assert registered == defined and "audit_entry" in defined.split()


def test_every_view_is_defined_in_the_module_that_owns_its_blueprint(app):
    strays = {}
    for endpoint, view in app.view_functions.items():
        blueprint = app.blueprints.get(endpoint.rpartition(".")[0])
        if blueprint is not None and view.__module__ != blueprint.import_name:
            strays[endpoint] = (view.__module__, blueprint.import_name)
    assert strays == {}
    assert len(app.view_functions) > 50  # the walk saw the whole shop


def test_each_hook_is_checked_for_being_a_coroutine_once_not_at_every_request(app, client, monkeypatch):
    """The shop's Flask remembers what `ensure_sync` made of each hook and view; an async one still goes to Flask
    (which, without its "async" extra installed, refuses it as it always did)."""
    checked = []
    monkeypatch.setattr(Flask, "ensure_sync", lambda self, func: checked.append(func) or func)
    app._synchronous.clear()
    client.get("/products")
    first = len(checked)
    client.get("/products")
    assert first > 3 and len(checked) == first

    async def later():
        return "ok"
    monkeypatch.undo()
    with pytest.raises(RuntimeError, match="async"):
        app.ensure_sync(later)
