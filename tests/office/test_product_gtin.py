"""The office sets or corrects a product's GTIN on /office/products/<slug> (audited); bad or taken ones are form
errors (422), only the office may, and the page links the public GS1 Digital Link page."""
from shop.extensions import db
from shop.office.models import AuditEntry
from tests.accounts.support import log_in, make_user
from tests.factories import make_product
from tests.workspace.workflow import office_client, post_form

GTIN = "8934563138165"


def test_the_office_sets_corrects_and_removes_a_gtin_audited(app):
    office = office_client(app)
    tea = make_product("Chè Tân Cương")
    page = f"/office/products/{tea.slug}"
    saved = post_form(office, f"{page}/gtin", page, gtin="893-4563-138165")
    assert saved.status_code == 303 and saved.location == page
    db.session.refresh(tea)
    assert tea.gtin == GTIN
    shown = office.get(page).text
    assert "Đã lưu mã GTIN." in shown and f'href="/01/0{GTIN}"' in shown
    post_form(office, f"{page}/gtin", page, gtin="")
    db.session.refresh(tea)
    assert tea.gtin is None
    assert db.session.scalars(db.select(AuditEntry.subject_label).order_by(AuditEntry.id)).all() == [
        f"Chè Tân Cương · — → {GTIN}", f"Chè Tân Cương · {GTIN} → —"]


def test_a_foreign_prefix_is_saved_with_a_warning(app):
    office = office_client(app)
    tea = make_product("Chè Tân Cương")
    page = f"/office/products/{tea.slug}"
    post_form(office, f"{page}/gtin", page, gtin="4006381333931")
    assert "flash-warning" in (shown := office.get(page).text) and "không bắt đầu bằng 893" in shown


def test_a_bad_or_taken_gtin_is_a_422_form_error_and_changes_nothing(app):
    office = office_client(app)
    make_product("Nước mắm").gtin = GTIN
    tea = make_product("Chè Tân Cương")
    page = f"/office/products/{tea.slug}"
    bad = post_form(office, f"{page}/gtin", page, gtin="8934563138164")
    assert bad.status_code == 422 and "chữ số cuối phải là 5" in bad.text
    taken = post_form(office, f"{page}/gtin", page, gtin=GTIN)
    assert taken.status_code == 422 and "đã được dùng cho một sản phẩm khác" in taken.text
    db.session.refresh(tea)
    assert tea.gtin is None and db.session.query(AuditEntry).count() == 0


def test_only_the_office_sets_a_gtin(app, client):
    tea = make_product("Chè Tân Cương")
    make_user("khach@example.vn")
    log_in(client, "khach@example.vn")
    answer = post_form(client, f"/office/products/{tea.slug}/gtin", "/seller/register", gtin=GTIN)
    assert answer.status_code == 403
    db.session.refresh(tea)
    assert tea.gtin is None
