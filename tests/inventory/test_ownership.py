"""Inventory owns every unit: no module of the shop outside shop/inventory/ writes StockLevel or StockMovement.

Checked twice: statically, by reading every module's syntax tree for the ways
SQLAlchemy writes a table; and at run time, by watching who issues each write
to the two tables while the whole buying flow runs.
"""
import ast
import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select

from shop.clock import now
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement
from shop.orders import fulfilment
from shop.orders.models import Order, SellerOrder
from shop.orders.payments import release_expired
from tests.certification.test_importer import GOOD_ROWS, run_import, write_csv
from tests.factories import make_product
from tests.orders.support import add_to_cart, check_out
from tests.orders.test_card import deliver, pay_with
from tests.support.stripe_events import WEBHOOK_SECRET, localstripe

SHOP = Path(__file__).resolve().parents[2] / "shop"
INVENTORY = SHOP / "inventory"
ROWS = SHOP / "rows.py"
MODELS = {"StockLevel", "StockMovement"}
WRITE_CALLS = {"update", "insert", "delete", "bulk_insert_mappings", "bulk_update_mappings", "bulk_save_objects",
               "written"}  # shop.rows.written: one row by a Core INSERT
COUNTS = {"on_hand", "reserved"}
RAW_WRITE = re.compile(r"\b(update|insert\s+into|delete\s+from)\s+\W?stock_(level|movement)\b", re.IGNORECASE)


def _model_names(tree: ast.AST) -> set[str]:
    """The names a module binds to the two stock models (`import StockLevel as Level` included)."""
    return MODELS | {alias.asname for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                     for alias in node.names if alias.name in MODELS and alias.asname}


def _mentions_model(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(sub, ast.Name) and sub.id in names or isinstance(sub, ast.Attribute) and sub.attr in MODELS
               for sub in ast.walk(node))


def _called_name(call: ast.Call) -> str | None:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)


def _stock_writes(source: str) -> list[str]:
    """What in this source writes a stock table: `line N: what`."""
    tree, found = ast.parse(source), []
    names = _model_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in WRITE_CALLS and _mentions_model(node, names):
            found.append((node.lineno, f"{_called_name(node)}() of a stock table"))
        elif isinstance(node, ast.Call) and _called_name(node) in names:
            found.append((node.lineno, f"a new {_called_name(node)}"))
        elif isinstance(node, ast.Call) and _called_name(node) == "setattr" and any(
                isinstance(arg, ast.Constant) and arg.value in COUNTS for arg in node.args):
            found.append((node.lineno, "setattr() of a stock count"))
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(sub, ast.Attribute) and sub.attr in COUNTS for t in targets for sub in ast.walk(t)):
                found.append((node.lineno, "an assignment to a stock count"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and RAW_WRITE.search(node.value):
            found.append((node.lineno, "SQL that writes a stock table"))
    return [f"line {line}: {what}" for line, what in sorted(found)]


def test_no_module_outside_inventory_writes_stock():
    offenders = {str(path.relative_to(SHOP.parent)): writes for path in sorted(SHOP.rglob("*.py"))
                 if INVENTORY not in path.parents and (writes := _stock_writes(path.read_text(encoding="utf-8")))}
    assert offenders == {}


def test_inventory_itself_is_seen_writing_stock():
    """The check reads the way inventory really writes: were it blind, this would find nothing."""
    writes = _stock_writes((INVENTORY / "services.py").read_text(encoding="utf-8"))
    assert any("update() of a stock table" in w for w in writes) and any(
        "written() of a stock table" in w for w in writes)


@pytest.mark.parametrize("source", [
    "from sqlalchemy import update\nfrom shop.inventory.models import StockLevel\n"
    "db.session.execute(update(StockLevel).values(on_hand=StockLevel.on_hand - 1))",
    "from shop.inventory.models import StockLevel as Level\ndb.session.execute(sa.update(Level).values(reserved=0))",
    "from shop.inventory import models\ndb.session.execute(models.StockMovement.__table__.insert().values(delta=1))",
    "db.session.execute(insert(StockMovement).values(delta=-1, reason='order'))",
    "db.session.execute(delete(StockMovement))",
    "db.session.query(StockLevel).filter_by(id=1).update({'on_hand': 0})",
    "db.session.add(StockMovement(location_id=1, product_id=1, delta=-1, reason='order'))",
    "written(StockMovement, {'location_id': 1, 'product_id': 1, 'delta': -1, 'reason': 'order'})",
    "level.on_hand = 3", "level.reserved -= line.quantity", "level.on_hand, level.reserved = 0, 0",
    "setattr(level, 'reserved', 0)",
    "db.session.execute(text('UPDATE stock_level SET on_hand = 0'))",
    "db.session.execute(text('insert into \"stock_movement\" (delta) values (1)'))",
])
def test_each_way_of_writing_stock_is_caught(source):
    assert _stock_writes(source)


@pytest.mark.parametrize("source", [
    "db.session.scalar(select(StockLevel.on_hand - StockLevel.reserved))",
    "available = level.on_hand - level.reserved",
    "db.session.execute(update(Order).values(status='paid'))",
    "order.reserved_until = None",
])
def test_reading_stock_and_writing_other_tables_is_not_caught(source):
    assert _stock_writes(source) == []


class WriterWatch:
    """Records, for each write to a stock table, the innermost module of the shop that issued it."""

    TABLES = re.compile(r"^\s*(insert\s+into|update|delete\s+from)\s+\W?(stock_level|stock_movement)\b", re.I)

    def __init__(self):
        self.writers: list[tuple[str, str]] = []

    def _writer(self, what: str) -> None:
        frame = sys._getframe(1)
        while frame is not None and (not frame.f_code.co_filename.startswith(str(SHOP))
                                     or frame.f_code.co_filename == str(ROWS)):  # it writes for its caller
            frame = frame.f_back
        if frame is not None:  # written by the shop, not by a test's own set-up or clean-up
            self.writers.append((str(Path(frame.f_code.co_filename).relative_to(SHOP.parent)), what))

    def statement(self, _conn, _cursor, statement, *_args):
        if match := self.TABLES.match(statement):
            self._writer(f"{match[1].upper()} {match[2]}")

    def constructed(self, target, _args, _kwargs):
        self._writer(f"new {type(target).__name__}")

    def count_set(self, _target, _value, _old, initiator):
        self._writer(f"set {initiator.key}")

    def __enter__(self):
        self.hooks = [(db.engine, "before_cursor_execute", self.statement),
                      (StockLevel, "init", self.constructed), (StockMovement, "init", self.constructed),
                      (StockLevel.on_hand, "set", self.count_set), (StockLevel.reserved, "set", self.count_set)]
        for target, name, hook in self.hooks:
            event.listen(target, name, hook)
        return self

    def __exit__(self, *_exc):
        for target, name, hook in self.hooks:
            event.remove(target, name, hook)


def card_order(client, product) -> Order:
    add_to_cart(client, product, 1)
    assert check_out(client, payment_method="card").status_code == 302
    return db.session.scalars(select(Order).order_by(Order.id.desc()).limit(1)).one()


def test_the_buying_flow_writes_stock_only_through_inventory(app, client, runner, tmp_path):
    with localstripe() as stripe_base, WriterWatch() as watch:
        app.config.update(STRIPE_SECRET_KEY="sk_test_ocop", STRIPE_API_BASE=stripe_base,
                          STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_PUBLISHABLE_KEY="pk_test_ocop")
        assert run_import(runner, write_csv(tmp_path, GOOD_ROWS[:1])).exit_code == 0  # opening stock: receive
        honey = make_product("Mật ong bạc hà", price_vnd=250_000, stock=5)
        add_to_cart(client, honey, 1)
        assert check_out(client).status_code == 302  # cash on delivery: take
        fulfilment.cancel(db.session.scalars(select(SellerOrder)).one())  # give back
        db.session.commit()
        intent = card_order(client, honey).payments[0].provider_id  # reserve
        pay_with(intent, "pm_card_visa")
        assert deliver(client, "payment_intent.succeeded", intent, "evt_1").get_json()["outcome"] == "paid"  # settle
        card_order(client, honey)
        assert release_expired(now() + timedelta(hours=1)) == 1  # release
        db.session.commit()
    outside = [(module, what) for module, what in watch.writers if not module.startswith("shop/inventory/")]
    assert outside == [] and {what for _, what in watch.writers} >= {
        "UPDATE stock_level", "INSERT INTO stock_level", "INSERT INTO stock_movement"}
