"""Form pieces shared by every area: the repeated product/quantity rows of a transfer or a request."""
from werkzeug.datastructures import MultiDict
from wtforms import Form

from shop.forms import QuantityRows


class Rows(Form):
    lines = QuantityRows()


def rows(*pairs) -> Rows:
    return Rows(MultiDict([(name, value) for product, units in pairs
                           for name, value in (("product", product), ("quantity", units))]))


def test_filled_rows_are_the_data_and_empty_rows_are_skipped():
    form = rows(("che", "3"), ("", ""), ("mat-ong", " 12 "))
    assert form.validate() and form.lines.data == [("che", 3), ("mat-ong", 12)]
    assert form.lines.rows == [("che", "3"), ("", ""), ("mat-ong", " 12 ")]  # as typed, to show again


def test_a_bad_row_is_the_fields_error_naming_the_row():
    for bad in ("0", "-1", "ba", "1000001", "１２"):
        form = rows(("che", "1"), ("mat-ong", bad))
        assert not form.validate() and form.lines.data == []
        assert form.lines.errors == ["Dòng 2: chọn sản phẩm và số lượng từ 1 đến 1000000."]
    assert not rows(("", "2")).validate()  # a quantity without its product


def test_a_form_shown_before_it_is_posted_has_no_rows():
    form = Rows()
    assert (form.lines.data, form.lines.rows, list(form.lines.errors)) == ([], [], [])
