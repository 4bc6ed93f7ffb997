"""The shared form pieces that read repeated quantities: transfer and request rows, and units received."""
import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.fields.core import UnboundField

from shop.errors import Invalid
from shop.forms import MAX_UNITS, QuantityRows, counted_units, quantity_pairs


def rows(*pairs) -> MultiDict:
    """A posted form with repeated `product`/`quantity` fields, in order."""
    return MultiDict([(name, value) for product, units in pairs
                      for name, value in (("product", product), ("quantity", units))])


def test_quantity_pairs_reads_each_row_trimmed_and_keeps_their_order():
    assert quantity_pairs(rows(("che-tan-cuong", "3"), (" mat-ong ", " 12 "), ("che-tan-cuong", "1"))) == [
        ("che-tan-cuong", 3), ("mat-ong", 12), ("che-tan-cuong", 1)]


def test_quantity_pairs_skips_rows_left_empty_and_reads_no_rows_as_none():
    assert quantity_pairs(rows(("", ""), ("mat-ong", "2"), ("  ", " "))) == [("mat-ong", 2)]
    assert quantity_pairs(MultiDict()) == []


@pytest.mark.parametrize("units", ["0", "-1", "1.5", "3,0", "+3", "ba", "1e3", "٣", str(MAX_UNITS + 1), "12345678"])
def test_quantity_pairs_refuses_a_number_of_units_that_is_not_1_to_the_most_naming_the_row(units):
    with pytest.raises(Invalid, match="Dòng 3:"):  # the empty first row still counts when naming rows
        quantity_pairs(rows(("", ""), ("mat-ong", "2"), ("che-tan-cuong", units)))


def test_quantity_pairs_takes_the_most_units_a_line_may_carry():
    assert quantity_pairs(rows(("mat-ong", str(MAX_UNITS)))) == [("mat-ong", MAX_UNITS)]


@pytest.mark.parametrize("form", [
    rows(("mat-ong", "")),  # a product with its quantity left empty
    rows(("", "4")),  # a quantity for no product
    MultiDict([("product", "mat-ong")]),  # the quantity field missing altogether
    MultiDict([("product", "mat-ong"), ("product", "che-tan-cuong"), ("quantity", "2")]),  # one quantity short
])
def test_quantity_pairs_refuses_a_row_missing_its_product_or_quantity(form):
    with pytest.raises(Invalid, match="Dòng [12]: chọn sản phẩm và số lượng"):
        quantity_pairs(form)


def test_quantity_pairs_refuses_more_rows_than_one_transfer_takes():
    assert len(quantity_pairs(rows(*[(f"san-pham-{n}", "1") for n in range(50)]))) == 50
    with pytest.raises(Invalid, match="Tối đa 50 dòng"):
        quantity_pairs(rows(*[(f"san-pham-{n}", "1") for n in range(51)]))
    with pytest.raises(Invalid, match="Tối đa 2 dòng"):
        quantity_pairs(rows(("a", "1"), ("", ""), ("b", "1"), ("c", "1")), most=2)


def test_counted_units_reads_the_prefixed_field_of_each_slug_asked_for():
    form = MultiDict({"received-che-tan-cuong": " 3 ", "received-mat-ong": "0", "received-ruou": "9",
                      "che-tan-cuong": "7"})
    assert counted_units(form, "received-", ["che-tan-cuong", "mat-ong"]) == {"che-tan-cuong": 3, "mat-ong": 0}


def test_counted_units_leaves_out_a_field_absent_or_left_empty_so_the_caller_takes_all():
    form = MultiDict({"received-che-tan-cuong": "  "})
    assert counted_units(form, "received-", ["che-tan-cuong", "mat-ong"]) == {}


@pytest.mark.parametrize("units", ["-1", "2.5", "hai", "+2", "12345678"])
def test_counted_units_refuses_what_is_not_a_whole_number_of_units(units):
    with pytest.raises(Invalid, match="số nguyên không âm"):
        counted_units(MultiDict({"received-mat-ong": units}), "received-", ["mat-ong"])


class Rows(Form):
    lines = QuantityRows()


def row_form(*pairs) -> Rows:
    return Rows(rows(*pairs))


def test_filled_rows_are_the_data_and_empty_rows_are_skipped():
    form = row_form(("che", "3"), ("", ""), ("mat-ong", " 12 "))
    assert form.validate() and form.lines.data == [("che", 3), ("mat-ong", 12)]
    assert form.lines.rows == [("che", "3"), ("", ""), ("mat-ong", " 12 ")]  # as typed, to show again


def test_a_bad_row_is_the_fields_error_naming_the_row():
    for bad in ("0", "-1", "ba", "1000001", "１２"):
        form = row_form(("che", "1"), ("mat-ong", bad))
        assert not form.validate() and form.lines.data == []
        assert form.lines.errors == ["Dòng 2: chọn sản phẩm và số lượng từ 1 đến 1000000."]
    assert not row_form(("", "2")).validate()  # a quantity without its product


def test_a_form_shown_before_it_is_posted_has_no_rows():
    form = Rows()
    assert (form.lines.data, form.lines.rows, list(form.lines.errors)) == ([], [], [])


def _form_classes(cls=FlaskForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def test_every_field_of_the_shops_forms_names_its_label(app):
    """A field without a label gets its name translated as one, and Flask-WTF reads WTForms' catalogue from disk to
    do it at every form built: hidden fields carry an empty label instead."""
    forms = [form for form in _form_classes() if form.__module__.startswith("shop.")]
    unlabelled = [f"{form.__module__}.{form.__name__}.{name}" for form in forms for name in dir(form)
                  if isinstance(field := getattr(form, name), UnboundField)
                  and not field.args and "label" not in field.kwargs]
    assert len(forms) > 20 and unlabelled == []
