"""The office's verbs on OCOP outlets: create with a fixed slug, edit, assign and remove staff."""
import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.inventory.models import Location, OutletStaff
from shop.inventory.outlets import (
    OutletRefused,
    assign_staff,
    create_outlet,
    find_outlet,
    remove_staff,
    staff_counts,
    staff_of,
    update_outlet,
)
from tests.accounts.support import make_user
from tests.factories import make_outlet, make_product

FIELDS = {"kind": "district_centre", "name": "Trung tâm OCOP Đại Từ", "province": "Thái Nguyên",
          "commune": "Xã Đại Từ", "old_district": "Huyện Đại Từ", "address": "Tổ 5", "opening_hours": "",
          "phone": "0912345678"}


def test_an_outlet_gets_a_slug_from_its_name_that_never_changes():
    outlet = create_outlet(**FIELDS)
    twin = create_outlet(**FIELDS)
    assert (outlet.slug, twin.slug) == ("trung-tam-ocop-dai-tu", "trung-tam-ocop-dai-tu-2")
    assert outlet.opening_hours is None and outlet.old_district == "Huyện Đại Từ"  # empty text is kept as none
    update_outlet(outlet, **{**FIELDS, "name": "Trung tâm OCOP huyện Đại Từ", "opening_hours": "7:30–17:00"})
    assert (outlet.slug, outlet.name, outlet.opening_hours) == ("trung-tam-ocop-dai-tu",
                                                                "Trung tâm OCOP huyện Đại Từ", "7:30–17:00")


def test_a_producers_warehouse_is_never_found_as_an_outlet():
    make_product("Chè", stock=3)  # opens its producer's warehouse
    warehouse = db.session.scalars(select(Location).where(Location.kind == "warehouse")).one()
    assert find_outlet(warehouse.slug) is None
    assert find_outlet(make_outlet().slug) is not None


def test_staff_are_assigned_once_and_removed_by_their_row():
    outlet, other = make_outlet(), make_outlet("Điểm bán B", slug="diem-ban-b")
    user = make_user("nv@ocop.vn")
    post = assign_staff(outlet, user)
    with pytest.raises(OutletRefused):
        assign_staff(outlet, user)
    assign_staff(other, user)  # one person may work at two outlets
    assert staff_of(outlet) == [post] and staff_counts([outlet, other]) == {outlet.id: 1, other.id: 1}
    with pytest.raises(OutletRefused):
        remove_staff(other, post.id)  # another outlet's row
    with pytest.raises(OutletRefused):
        remove_staff(outlet, None)
    assert remove_staff(outlet, post.id) == user  # whose post it was, for the audit log
    assert staff_of(outlet) == [] and db.session.query(OutletStaff).count() == 1
