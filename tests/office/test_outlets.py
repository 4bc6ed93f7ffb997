"""/office/outlets: the office lists, creates and edits OCOP outlets and assigns their staff by email."""
from shop.extensions import db
from shop.inventory.models import Location, OutletStaff
from shop.office.models import AuditEntry
from tests.accounts.support import log_in, make_user
from tests.factories import make_outlet, make_product
from tests.workspace.workflow import office_client, post_form

FORM = {"kind": "provincial_centre", "name": "Trung tâm OCOP tỉnh Thái Nguyên", "province": "Thái Nguyên",
        "commune": "Phường Phan Đình Phùng", "old_district": "", "address": "Số 1 Hoàng Văn Thụ",
        "opening_hours": "7:30–17:00, cả tuần", "phone": "0208 3855 123"}


def test_the_list_shows_outlets_not_warehouses_with_kind_place_and_staff(app):
    office = office_client(app)
    assert "Chưa có điểm bán nào" in office.get("/office/outlets/").text
    make_product("Chè", stock=2)  # its producer's warehouse
    make_outlet(staff=[make_user("nv@ocop.vn")])
    page = office.get("/office/outlets/").text
    assert "Điểm bán OCOP Hồ Gươm" in page and "Kho của cơ sở" not in page
    for label, value in (("Loại", "Điểm bán OCOP"), ("Tỉnh", "Hà Nội"), ("Xã, phường", "Phường Hoàn Kiếm"),
                         ("Nhân viên", "1")):
        assert f'<td data-label="{label}">{value}</td>' in page
    assert 'href="/office/outlets/new"' in page


def test_the_list_is_paged(app):
    office = office_client(app)
    for n in range(31):
        make_outlet(f"Điểm bán {n:02d}", slug=f"diem-ban-{n:02d}")
    assert "Điểm bán 30" not in office.get("/office/outlets/").text
    assert "Điểm bán 30" in office.get("/office/outlets/?page=2").text


def test_the_office_creates_an_outlet_and_edits_it_under_the_same_slug(app):
    office = office_client(app)
    created = post_form(office, "/office/outlets/new", **FORM)
    assert created.status_code == 303 and created.location == "/office/outlets/trung-tam-ocop-tinh-thai-nguyen"
    outlet = db.session.scalars(db.select(Location)).one()
    assert (outlet.kind, outlet.phone, outlet.opening_hours, outlet.old_district) == (
        "provincial_centre", "02083855123", "7:30–17:00, cả tuần", None)
    edited = post_form(office, created.location, **{**FORM, "name": "Trung tâm OCOP Thái Nguyên", "phone": ""})
    assert edited.status_code == 303 and edited.location == created.location
    db.session.refresh(outlet)
    assert (outlet.name, outlet.phone, outlet.slug) == ("Trung tâm OCOP Thái Nguyên", None,
                                                        "trung-tam-ocop-tinh-thai-nguyen")
    assert 'value="Trung tâm OCOP Thái Nguyên"' in office.get(created.location).text


def test_a_wrong_form_is_answered_on_its_fields_and_nothing_is_saved(app):
    office = office_client(app)
    answer = post_form(office, "/office/outlets/new", "/office/outlets/new",
                       **{**FORM, "kind": "warehouse", "name": "", "province": "Atlantis", "phone": "12"})
    assert answer.status_code == 200
    assert answer.text.count("Vui lòng điền mục này.") == 1  # the name
    assert answer.text.count("Hãy chọn một mục trong danh sách.") == 2  # a warehouse is not an outlet; Atlantis
    assert "Số điện thoại không hợp lệ" in answer.text
    assert db.session.query(Location).count() == 0


def test_staff_are_assigned_by_the_email_of_an_existing_account_and_removed(app):
    office, outlet = office_client(app), make_outlet()
    make_user("nv@ocop.vn")
    page = f"/office/outlets/{outlet.slug}"
    assert "Chưa có nhân viên nào" in office.get(page).text
    assert post_form(office, f"{page}/staff", page, email="NV@ocop.vn").status_code == 303
    post = db.session.query(OutletStaff).one()
    assert post.location_id == outlet.id and post.user.email == "nv@ocop.vn"
    twice = post_form(office, f"{page}/staff", page, email="nv@ocop.vn")
    assert "đã là nhân viên của điểm bán này" in twice.text and db.session.query(OutletStaff).count() == 1
    unknown = post_form(office, f"{page}/staff", page, email="ai@ocop.vn")
    assert "Chưa có tài khoản nào dùng email này" in unknown.text
    assert db.session.query(OutletStaff).count() == 1 and "ai@ocop.vn" not in _emails()  # no account is made
    removed = post_form(office, f"{page}/staff/remove", page, staff=str(post.id))
    assert removed.status_code == 303 and db.session.query(OutletStaff).count() == 0
    again = post_form(office, f"{page}/staff/remove", page, staff=str(post.id))
    assert again.status_code == 303 and "không phải nhân viên" in office.get(page).text


def test_an_assigned_person_sees_the_outlet(app):
    office, outlet = office_client(app), make_outlet()
    make_user("nv@ocop.vn")
    post_form(office, f"/office/outlets/{outlet.slug}/staff", f"/office/outlets/{outlet.slug}", email="nv@ocop.vn")
    staff = app.test_client()
    log_in(staff, "nv@ocop.vn")
    assert staff.get(f"/outlet/{outlet.slug}/stock").status_code == 200


def test_an_unknown_or_warehouse_slug_is_not_found(app):
    office = office_client(app)
    make_product("Chè", stock=2)
    warehouse = db.session.scalars(db.select(Location).where(Location.kind == "warehouse")).one()
    for slug in ("khong-co", warehouse.slug):
        assert office.get(f"/office/outlets/{slug}").status_code == 404
        assert office.post(f"/office/outlets/{slug}/staff", data={"email": "x@y.vn"}).status_code in (400, 404)


def test_only_the_office_manages_outlets(app, client):
    make_user("khach@example.vn")
    log_in(client, "khach@example.vn")
    assert client.get("/office/outlets/").status_code == 403
    assert client.get("/office/outlets/new").status_code == 403


def test_every_change_to_an_outlet_and_its_staff_is_in_the_audit_log_and_a_refused_one_is_not(app):
    office = office_client(app)
    make_user("nv@ocop.vn")
    page = post_form(office, "/office/outlets/new", **FORM).location
    office.get("/language/en")  # an office working in English still writes the log in Vietnamese
    edited = {**FORM, "name": "Trung tâm OCOP Thái Nguyên", "phone": "", "kind": "sales_point"}
    post_form(office, page, **edited)
    post_form(office, page, **edited)  # sent again: nothing changes
    post_form(office, f"{page}/staff", page, email="nv@ocop.vn")
    post_form(office, f"{page}/staff", page, email="nv@ocop.vn")  # refused: already there
    post_form(office, f"{page}/staff", page, email="ai@ocop.vn")  # refused: no such account
    post_form(office, f"{page}/staff/remove", page, staff=str(db.session.query(OutletStaff).one().id))
    post_form(office, f"{page}/staff/remove", page, staff="999")  # refused: not on the staff
    outlet = db.session.scalars(db.select(Location)).one()
    log = db.session.execute(db.select(AuditEntry.action, AuditEntry.subject_type, AuditEntry.subject_id,
                                       AuditEntry.subject_label, AuditEntry.reason).order_by(AuditEntry.id)).all()
    assert log == [  # the edit that changed nothing is not a change
        ("outlet.create", "outlet", outlet.id, "Trung tâm OCOP tỉnh Thái Nguyên", None),
        ("outlet.update", "outlet", outlet.id, "Trung tâm OCOP Thái Nguyên",
         "loại: Trung tâm OCOP cấp tỉnh → Điểm bán OCOP; tên: Trung tâm OCOP tỉnh Thái Nguyên → "
         "Trung tâm OCOP Thái Nguyên; điện thoại: 02083855123 → —"),
        ("outlet.staff_add", "outlet", outlet.id, "Trung tâm OCOP Thái Nguyên · nv@ocop.vn", None),
        ("outlet.staff_remove", "outlet", outlet.id, "Trung tâm OCOP Thái Nguyên · nv@ocop.vn", None)]
    assert {entry.actor.email for entry in db.session.scalars(db.select(AuditEntry))} == {"vanphong@ocop.gov.vn"}
    office.get("/language/vi")
    shown = office.get("/office/audit").text
    for said in ("Mở điểm bán mới", "Sửa thông tin điểm bán", "Giao nhân viên điểm bán", "Bỏ nhân viên điểm bán",
                 "điện thoại: 02083855123 → —"):
        assert said in shown
    office.get("/language/en")
    shown = office.get("/office/audit").text
    for said in ("Outlet added", "Outlet details changed", "Staff assigned to the outlet",
                 "Staff removed from the outlet"):
        assert said in shown


def _emails() -> list[str]:
    from shop.accounts.models import User
    return list(db.session.scalars(db.select(User.email)))
