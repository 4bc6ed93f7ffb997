"""Provinces after the 2025 reform, and Vietnamese text folding."""
import pytest

from shop.places import MERGERS, PROVINCES, people_committee, province_named
from shop.text import fold, slugify


def test_there_are_34_provinces_replacing_63():
    former = {old for olds in MERGERS.values() for old in olds} - {"Thừa Thiên Huế"}
    assert len(PROVINCES) == 34
    assert len(former) + len(PROVINCES) == 63


@pytest.mark.parametrize("text, province", [
    ("Hà Nội", "Hà Nội"), ("ha noi", "Hà Nội"), ("Thành phố Hà Nội", "Hà Nội"),
    ("Kiên Giang", "An Giang"), ("tỉnh Quảng Nam", "Đà Nẵng"), ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
    ("Bà Rịa – Vũng Tàu", "Hồ Chí Minh"), ("Thừa Thiên Huế", "Huế"), ("Narnia", None),
])
def test_province_named_maps_current_and_former_names(text, province):
    assert province_named(text) == province


def test_fold_strips_diacritics_including_d_bar():
    assert fold("  Nước mắm  ĐÀ NẴNG ") == "nuoc mam da nang"
    assert slugify("Đặc sản Đà Nẵng (loại 1)") == "dac-san-da-nang-loai-1"


def test_people_committee_names_cities_and_provinces():
    assert people_committee("Đà Nẵng") == "UBND thành phố Đà Nẵng"
    assert people_committee("Hà Tĩnh") == "UBND tỉnh Hà Tĩnh"
