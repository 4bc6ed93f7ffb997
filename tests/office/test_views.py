"""The programme office: queues with documents, decisions with reasons, revocation delists everywhere."""
import re

import pytest

from shop.certification.models import Certificate
from shop.extensions import db
from shop.notifications.models import Notification
from shop.office.models import AuditEntry
from shop.sellers.models import Seller
from tests.factories import make_certificate, make_product
from tests.support.pages import visible_text
from tests.workspace.workflow import office_client, post_form, producer_signed_up


def test_the_producer_queue_shows_pending_applications_with_their_document(client, app):
    seller = producer_signed_up(client)
    office = office_client(app)
    queue = office.get("/office/producers").text
    assert seller.name in queue
    detail = office.get(f"/office/producers/{seller.id}").text
    link = f'/office/documents/{seller.registration_document}'
    assert f'<a href="{link}" download>' in detail and "<iframe" not in detail  # a PDF is never framed
    with office.get(link) as document:
        assert document.status_code == 200 and document.data.startswith(b"%PDF")
        assert document.headers["Content-Disposition"].startswith("attachment")
    assert "Không có hồ sơ nào" in office.get("/office/producers?status=verified").text
    assert office.get("/office/producers?status=bogus").status_code == 400


def test_verifying_a_producer_is_logged_and_told_to_its_members(client, app):
    seller = producer_signed_up(client)
    office = office_client(app)
    post_form(office, f"/office/producers/{seller.id}/verify", f"/office/producers/{seller.id}")
    assert db.session.get(Seller, seller.id).status == "verified"
    entry = db.session.query(AuditEntry).one()
    assert (entry.action, entry.actor.email, entry.subject_label) == ("seller.verify", "vanphong@ocop.gov.vn",
                                                                      seller.name)
    assert "Văn phòng OCOP đã xác minh" in client.get("/account/notifications/").text
    assert "Nhật ký quyết định" in office.get("/office/audit").text and seller.name in office.get("/office/audit").text


def test_a_rejection_needs_a_reason_and_the_producer_can_correct_and_resubmit(client, app):
    seller = producer_signed_up(client)
    office = office_client(app)
    page = f"/office/producers/{seller.id}"
    post_form(office, f"{page}/reject", page, reason="   ")
    assert db.session.get(Seller, seller.id).status == "pending"
    assert "Cần ghi rõ lý do" in office.get(page).text
    post_form(office, f"{page}/reject", page, reason="Giấy phép mờ, không đọc được")
    assert db.session.get(Seller, seller.id).status == "rejected"
    assert "Giấy phép mờ, không đọc được" in client.get("/seller/").text
    form = {"name": seller.name, "owner_type": "htx", "tax_code": "4600123456", "province": "Thái Nguyên",
            "commune": "Tân Cương", "address": "Xóm Nam Đồng", "phone": "0912345678"}
    assert post_form(client, "/seller/profile", **form).status_code == 302
    refreshed = db.session.get(Seller, seller.id)
    assert refreshed.status == "pending" and refreshed.status_reason is None


def test_a_decision_on_the_wrong_state_is_refused_with_a_message(client, app):
    seller = producer_signed_up(client)
    office = office_client(app)
    page = f"/office/producers/{seller.id}"
    post_form(office, f"{page}/verify", page)
    post_form(office, f"{page}/reject", page, reason="đổi ý")
    assert db.session.get(Seller, seller.id).status == "verified"
    assert "Chỉ từ chối được hồ sơ đang chờ" in office.get(page).text


def test_revocation_takes_the_product_off_every_listing_at_once(client, app):
    product = make_product("Chè Tân Cương đặc biệt")
    code = product.current_certificate.code
    assert "Chè Tân Cương đặc biệt" in client.get("/products").text
    assert "Chè Tân Cương đặc biệt" in client.get("/products?q=che tan cuong").text
    office = office_client(app)
    page = f"/office/certificates/{code}"
    post_form(office, f"{page}/revoke", page, reason="")
    assert db.session.query(Certificate).one().status == "verified"  # no reason, no revocation
    post_form(office, f"{page}/revoke", page, reason="Sản phẩm không đạt kiểm tra chất lượng")
    assert db.session.query(Certificate).one().status == "revoked"
    assert "Chè Tân Cương đặc biệt" not in client.get("/products").text
    assert "Chè Tân Cương đặc biệt" not in client.get("/products?q=che tan cuong").text
    assert client.get(f"/products/{product.slug}").status_code == 404
    assert client.get("/api/v1/products").get_json()["total"] == 0
    assert client.get(f"/api/v1/products/{product.slug}").status_code == 404
    assert client.get(f"/api/v1/certificates/{code}").get_json()["status"] == "revoked"
    entry = db.session.query(AuditEntry).one()
    assert entry.action == "certificate.revoke" and entry.reason == "Sản phẩm không đạt kiểm tra chất lượng"


def test_a_certificate_rejected_with_a_reason_tells_the_producer(client, app):
    seller = producer_signed_up(client)
    product = make_product("Chè móc câu", seller=seller, certificate=False)
    certificate = make_certificate(product, status="pending")
    office = office_client(app)
    assert certificate.code in office.get("/office/certificates").text
    page = f"/office/certificates/{certificate.code}"
    post_form(office, f"{page}/reject", page, reason="Số quyết định không khớp danh sách của tỉnh")
    assert db.session.get(Certificate, certificate.id).status == "rejected"
    assert db.session.query(Notification).one().text.startswith("Giấy chứng nhận gửi cho Chè móc câu chưa được duyệt")
    assert "Số quyết định không khớp" in client.get("/seller/certificates").text


RAW_CODES = re.compile(r"\b(pending|verified|rejected|revoked|owner|staff|national|province|district|"
                       r"seller\.\w+|certificate\.\w+)\b")


@pytest.mark.parametrize("language, words", [
    ("vi", ["Đã xác minh", "Chủ cơ sở", "Cấp tỉnh", "Xác minh cơ sở", "Từ chối hồ sơ cơ sở",
            "Xác minh giấy chứng nhận", "Từ chối giấy chứng nhận", "Thu hồi giấy chứng nhận", "Đã thu hồi"]),
    ("en", ["Verified", "Owner", "Provincial", "Verify producer", "Reject producer application",
            "Verify certificate", "Reject certificate", "Revoke certificate", "Revoked"]),
])
def test_the_office_reads_statuses_roles_levels_and_decisions_in_words(client, app, language, words):
    seller = producer_signed_up(client)
    other = producer_signed_up(app.test_client(), "minh@example.vn", name="HTX Mật Ong Bắc Kạn")
    refused, revoked = (make_certificate(make_product(name, seller=seller, certificate=False), status="pending")
                        for name in ("Chè búp", "Chè móc câu"))
    office = office_client(app)
    for path, reason in ((f"/office/producers/{seller.id}/verify", None),
                         (f"/office/producers/{other.id}/reject", "Thiếu giấy phép"),
                         (f"/office/certificates/{revoked.code}/verify", None),
                         (f"/office/certificates/{refused.code}/reject", "Sai số quyết định"),
                         (f"/office/certificates/{revoked.code}/revoke", "Không đạt kiểm tra")):
        decided = post_form(office, path, path.rsplit("/", 1)[0], **({"reason": reason} if reason else {}))
        assert decided.status_code == 302
    office.get(f"/language/{language}?next=/")
    pages = " ".join(visible_text(office.get(path).text) for path in (
        f"/office/producers/{seller.id}", f"/office/certificates/{revoked.code}", "/office/audit"))
    assert all(word in pages for word in words), [word for word in words if word not in pages]
    assert RAW_CODES.findall(pages) == []
