"""Provinces after the 2025 reform, and Vietnamese text folding."""
import pytest

from shop.places import MERGERS, PROVINCES, communes_of, people_committee, province_named
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


def test_every_province_of_the_ward_list_is_one_of_ours():
    """The package names cities "Thành phố Hà Nội"; each of its 34 provinces maps to one of ours, one to one."""
    from vietnam_provinces import Province

    mapped = {province_named(province.name) for province in Province.iter_all()}
    assert mapped == set(PROVINCES)


def test_each_province_offers_its_own_wards_and_communes_3321_in_all():
    assert sum(len(communes_of(province)) for province in PROVINCES) == 3321
    assert all(communes_of(province) for province in PROVINCES)
    assert "Phường Hoàn Kiếm" in communes_of("Hà Nội") and "Phường Hoàn Kiếm" not in communes_of("Huế")
    assert "Đặc khu Phú Quốc" in communes_of("An Giang")


def test_communes_are_sorted_by_name_not_by_kind():
    hanoi = communes_of("Hà Nội")
    assert hanoi.index("Xã An Khánh") < hanoi.index("Phường Ba Đình") < hanoi.index("Phường Hoàn Kiếm")


@pytest.mark.parametrize("province", [None, "", "Narnia", "ha noi"])
def test_anything_but_a_province_name_has_no_communes(province):
    assert communes_of(province) == ()
