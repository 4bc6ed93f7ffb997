"""`ocop import` reads an optional gtin column: checked like the forms (`line N: gtin: reason`), tidied, and
refused when it would give one GTIN to two products; a valid one is set even on a row already recorded."""
from sqlalchemy import select

from shop.catalog.models import Product
from shop.extensions import db
from tests.certification.test_importer import GOOD_ROWS, HEADER, row_counts, run_import, write_csv
from tests.factories import make_product

GTIN = "8934563138165"
WITH_GTIN = HEADER + ",gtin"


def _gtins() -> dict:
    return dict(db.session.execute(select(Product.name, Product.gtin)).all())


def test_a_gtin_column_gives_products_their_gtin(runner, tmp_path):
    rows = [GOOD_ROWS[0] + ",893 4563 138165", GOOD_ROWS[1] + ",4006381333931", GOOD_ROWS[2] + ","]
    result = run_import(runner, write_csv(tmp_path, rows, header=WITH_GTIN))
    assert result.exit_code == 0, result.output
    assert _gtins() == {"Chè Tân Cương": GTIN, "Nước mắm Phú Quốc": "4006381333931", "Cao atiso": None}


def test_a_bad_gtin_names_its_line_and_imports_nothing(runner, tmp_path):
    rows = [GOOD_ROWS[1] + ",", GOOD_ROWS[0] + ",8934563138164", GOOD_ROWS[2] + ",12345"]
    before = row_counts()
    result = run_import(runner, write_csv(tmp_path, rows, header=WITH_GTIN))
    assert result.exit_code != 0
    assert "line 3: gtin: wrong check digit: 8934563138164 should end in 5" in result.output
    assert "line 4: gtin: a GTIN-13 has 13 digits, not 5" in result.output
    assert row_counts() == before


def test_one_gtin_on_two_products_in_a_list_is_refused(runner, tmp_path):
    rows = [GOOD_ROWS[0] + f",{GTIN}", GOOD_ROWS[2] + f",{GTIN}"]
    result = run_import(runner, write_csv(tmp_path, rows, header=WITH_GTIN))
    assert result.exit_code != 0
    assert f"line 3: gtin: {GTIN} is also on line 2, another product" in result.output


def test_a_gtin_another_product_carries_is_refused(runner, tmp_path):
    make_product("Nước mắm cũ").gtin = GTIN
    db.session.commit()
    before = row_counts()
    result = run_import(runner, write_csv(tmp_path, [GOOD_ROWS[0] + f",{GTIN}"], header=WITH_GTIN))
    assert result.exit_code != 0
    assert f"line 2: gtin: GTIN {GTIN} is already another product's" in result.output
    assert row_counts() == before and _gtins() == {"Nước mắm cũ": GTIN}


def test_a_gtin_added_to_a_list_already_imported_is_set(runner, tmp_path):
    assert run_import(runner, write_csv(tmp_path, GOOD_ROWS[:1])).exit_code == 0
    result = run_import(runner, write_csv(tmp_path, [GOOD_ROWS[0] + f",{GTIN}"], header=WITH_GTIN, name="again.csv"))
    assert result.exit_code == 0 and "1 already recorded" in result.output
    assert _gtins() == {"Chè Tân Cương": GTIN}
