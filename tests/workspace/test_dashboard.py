"""/seller: applying as a producer, checked documents, and no reaching another producer through form fields."""
import pytest

from shop.certification.models import Certificate
from shop.extensions import db
from shop.sellers.models import Seller
from tests.accounts.support import log_in, make_user
from tests.factories import make_product
from tests.support.files import EXECUTABLE, PDF, stored_files
from tests.workspace.workflow import apply_as_producer, new_product, post_form, producer_signed_up, submit_certificate


def test_applying_makes_a_pending_producer_owned_by_the_applicant(client):
    seller = producer_signed_up(client)
    assert seller.status == "pending" and seller.registration_document.endswith(".pdf")
    assert [(m.user.email, m.role) for m in seller.members] == [("lan@example.vn", "owner")]
    page = client.get("/seller/").text
    assert "Hồ sơ đang chờ Văn phòng OCOP xác minh" in page


@pytest.mark.parametrize("document, fields, message", [
    (None, {}, "Hãy gửi kèm giấy đăng ký kinh doanh"),
    ((EXECUTABLE, "giay-phep.pdf"), {}, "Tài liệu phải là tệp PDF hoặc ảnh"),
    ((PDF, "giay-phep.pdf"), {"tax_code": "abc"}, "Mã số gồm 8–13 chữ số"),
    ((PDF, "giay-phep.pdf"), {"province": "Atlantis"}, "Not a valid choice"),
    ((PDF, "giay-phep.pdf"), {"owner_type": "corporation"}, "Not a valid choice"),
])
def test_a_bad_application_is_explained_and_nothing_is_written(client, app, document, fields, message):
    make_user("lan@example.vn")
    log_in(client, "lan@example.vn")
    response = apply_as_producer(client, document=document, **fields)
    assert response.status_code == 200 and message in response.text
    assert db.session.query(Seller).count() == 0
    assert stored_files(app) == []


def test_an_oversized_document_is_refused(client, app):
    app.config["MEDIA_MAX_BYTES"] = 1000
    make_user("lan@example.vn")
    log_in(client, "lan@example.vn")
    response = apply_as_producer(client, document=(PDF + b"0" * 2000, "big.pdf"))
    assert "Tệp quá lớn" in response.text and db.session.query(Seller).count() == 0


def test_a_producer_already_in_the_shop_cannot_be_applied_for_again(client, app):
    make_product(seller=None)  # HTX Chè Tân Cương, Thái Nguyên, imported and verified
    make_user("lan@example.vn")
    log_in(client, "lan@example.vn")
    response = apply_as_producer(client, name="htx CHÈ TÂN CƯƠNG")
    assert "đã có trên Chợ OCOP" in response.text and db.session.query(Seller).count() == 1
    assert stored_files(app) == []  # the document sent with the refused application is not kept


def test_a_member_cannot_reach_another_producer_through_form_fields(client, app):
    producer_signed_up(client)
    new_product(client)
    other = make_product("Nước mắm Phú Quốc")
    assert post_form(client, "/seller/switch", "/seller/", seller=str(other.seller_id)).status_code == 404
    response = submit_certificate(client, other.slug)
    assert "Not a valid choice" in response.text and db.session.query(Certificate).count() == 1
