"""Constants written into the SQL: SQLite plans again, at every execution, a statement that compares a bound value
with a column a partial index filters on, so the shop writes such constants into the statement."""
import re

from sqlalchemy import select

from shop.extensions import db
from shop.sql import constant
from tests.factories import make_outlet, make_product
from tests.orders.support import add_to_cart, check_out


def filtered_columns() -> set[tuple[str, str]]:
    """(table, column) that a partial index's WHERE compares with a constant."""
    return {(table.name, column) for table in db.metadata.tables.values() for index in table.indexes
            if (where := index.dialect_options["sqlite"].get("where")) is not None
            for column in re.findall(r"(\w+) = '", str(where))}


def bound_where_filtered(statements: list[str]) -> list[str]:
    """The comparisons in `statements` of such a column (or an alias's) with a bound value."""
    return [found for statement in statements for table, column in filtered_columns()
            for found in re.findall(rf"\b{table}(?:_\d+)?\.{column} = (?:\?|%\(\w+\)s)", statement)]


def test_the_partial_indexes_filter_on_what_the_code_writes_in():
    assert {("location", "kind"), ("stock_count", "state"), ("stock_movement", "reason")} <= filtered_columns()


def test_a_purchase_binds_no_value_a_partial_index_filters_on(client, count_queries):
    product = make_product(stock=5)
    with count_queries() as counted:
        client.get(f"/products/{product.slug}")
        add_to_cart(client, product)
        client.get("/checkout")
        assert check_out(client).status_code == 302
    assert any("location.kind = 'warehouse'" in statement for statement in counted.statements)
    assert bound_where_filtered(counted.statements) == []


def test_the_outlet_directory_writes_the_kind_asked_for_in(client, count_queries):
    make_outlet(name="Điểm bán OCOP Hoàn Kiếm", kind="sales_point")
    with count_queries() as counted:
        page = client.get("/outlets?kind=sales_point")
    assert "Điểm bán OCOP Hoàn Kiếm" in page.text
    assert bound_where_filtered(counted.statements) == []


def test_a_constant_is_quoted_as_sql_wants():
    assert db.session.scalar(select(constant("it's"))) == "it's"
