"""The office marks a product a non-OCOP local speciality (audited), and sets an outlet's bank account for VietQR.
A speciality never becomes OCOP anywhere: sellable() is unchanged, so it stays off every listing and the API."""
from datetime import date

from shop.extensions import db
from shop.office.models import AuditEntry
from tests.factories import make_outlet, make_product
from tests.office.test_outlets import FORM
from tests.workspace.workflow import office_client, post_form


def test_the_office_marks_a_lapsed_product_a_local_speciality_and_back_audited(app):
    office = office_client(app)
    honey = make_product("Mật ong rừng", decision_date=date(2022, 1, 1))
    page = f"/office/products/{honey.slug}"
    assert "Không có chứng nhận OCOP còn hiệu lực" in office.get(page).text
    marked = post_form(office, f"{page}/speciality", page, speciality="1")
    assert marked.status_code == 303 and marked.location == page
    db.session.refresh(honey)
    assert honey.local_speciality
    shown = office.get(page).text
    assert "Đặc sản địa phương — không phải sản phẩm OCOP" in shown and "Bỏ dấu đặc sản địa phương" in shown
    post_form(office, f"{page}/speciality", page, speciality="0")
    db.session.refresh(honey)
    assert not honey.local_speciality
    assert db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all() == [
        "product.speciality", "product.ocop_only"]


def test_a_product_certified_today_is_not_marked(app):
    office = office_client(app)
    tea = make_product("Chè Tân Cương")
    page = f"/office/products/{tea.slug}"
    post_form(office, f"{page}/speciality", page, speciality="1")
    db.session.refresh(tea)
    assert not tea.local_speciality
    assert "không đánh dấu là đặc sản" in office.get(page).text
    assert db.session.query(AuditEntry).count() == 0


def test_a_speciality_is_never_on_sale_online_nor_shown_as_ocop(app, client):
    honey = make_product("Mật ong rừng", decision_date=date(2022, 1, 1))
    honey.local_speciality = True
    db.session.commit()
    assert "Mật ong rừng" not in client.get("/products").text
    assert client.get(f"/products/{honey.slug}").status_code == 404
    assert client.get(f"/api/v1/products/{honey.slug}").status_code == 404
    assert honey.slug not in client.get("/api/v1/products").text


def test_an_unknown_product_is_a_404(app):
    office = office_client(app)
    assert office.get("/office/products/khong-co").status_code == 404


def test_the_office_sets_an_outlets_bank_account_for_vietqr_both_or_neither(app):
    office, outlet = office_client(app), make_outlet()
    page = f"/office/outlets/{outlet.slug}"
    fields = {**FORM, "kind": "sales_point", "name": outlet.name}
    half = post_form(office, page, page, **fields, bank_bin="970415", bank_account="")
    assert half.status_code == 200 and "Hãy điền cả mã BIN ngân hàng và số tài khoản" in half.text
    bad = post_form(office, page, page, **fields, bank_bin="9704", bank_account="12")
    assert "Mã BIN gồm đúng 6 chữ số." in bad.text
    saved = post_form(office, page, page, **fields, bank_bin="970415", bank_account="113366668888",
                      bank_account_name="DIEM BAN HO GUOM")
    assert saved.status_code == 303
    db.session.refresh(outlet)
    assert (outlet.bank_bin, outlet.bank_account, outlet.bank_account_name) == (
        "970415", "113366668888", "DIEM BAN HO GUOM")
    log = db.session.scalars(db.select(AuditEntry.reason).where(AuditEntry.action == "outlet.update")).one()
    assert "mã BIN ngân hàng: — → 970415" in log and "số tài khoản: — → 113366668888" in log
