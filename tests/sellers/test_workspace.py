"""The producer workspace: apply, products with checked photos, publishing rules, certificates, staff."""
import logging
import re
from datetime import date
from pathlib import Path

import pytest

from shop.catalog.models import Product
from shop.catalog.services import ensure_groups, find_group
from shop.certification.models import Certificate
from shop.extensions import db
from shop.sellers.models import Seller, SellerMember
from tests.accounts.support import log_in, make_user
from tests.factories import make_product
from tests.sellers.workflow import apply_as_producer, new_product, office_client, post_form, producer_signed_up
from tests.support.files import EXECUTABLE, PDF, jpeg_with_gps, png_bytes, stored_files, upload


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


def test_a_product_with_a_real_photo_is_created_unpublished(client, app):
    producer_signed_up(client)
    response = new_product(client, image=(png_bytes(), "che.png"))
    assert response.status_code == 302
    product = db.session.query(Product).one()
    assert not product.published and product.price_vnd == 180_000 and product.image.endswith(".png")
    with client.get(f"/media/{product.image}") as photo:
        assert photo.status_code == 200 and photo.mimetype == "image/png"


def test_a_renamed_executable_is_rejected_as_a_photo_with_a_message(client):
    producer_signed_up(client)
    response = new_product(client, image=(EXECUTABLE, "che.jpg"))
    assert response.status_code == 200 and "Ảnh phải là tệp JPEG, PNG hoặc WebP hợp lệ" in response.text
    assert db.session.query(Product).count() == 0


@pytest.mark.parametrize("fields, message", [
    ({"price_vnd": "0"}, "Giá từ 1.000 ₫"),
    ({"price_vnd": "abc"}, "Not a valid integer"),
    ({"group": "999999"}, "Not a valid choice"),
    ({"name": ""}, "Vui lòng điền mục này"),
])
def test_bad_product_details_are_explained(client, fields, message):
    producer_signed_up(client)
    response = new_product(client, **fields)
    assert response.status_code == 200 and message in response.text and db.session.query(Product).count() == 0


def test_a_subgroup_from_another_group_is_refused(client):
    producer_signed_up(client)
    ensure_groups()
    wrong = next(g for g in find_group("Thực phẩm").__class__.query.all() if g.parent and g.parent.name == "Thực phẩm")
    response = new_product(client, subgroup=str(wrong.id))
    assert "Nhóm sản phẩm không thuộc ngành hàng đã chọn" in response.text


def _submit_certificate(client, product_slug, **fields):
    data = {"product": product_slug, "decision_number": "123/QĐ-UBND", "decision_date": "2026-03-01",
            "stars": "4", "score": "78", "authority": "UBND tỉnh Thái Nguyên",
            "document": upload(PDF, "quyet-dinh.pdf"), **fields}
    return post_form(client, "/seller/certificates", **data)


def test_publishing_waits_for_a_verified_producer_and_certificate_and_says_why(client, app):
    seller = producer_signed_up(client)
    new_product(client)
    product = db.session.query(Product).one()
    page = client.get(f"/seller/products/{product.slug}").text
    assert "Cơ sở chưa được Văn phòng OCOP xác minh" in page and "chưa có giấy chứng nhận OCOP" in page
    refused = post_form(client, f"/seller/products/{product.slug}/publish", f"/seller/products/{product.slug}",
                        published="1")
    assert refused.status_code == 302 and not db.session.get(Product, product.id).published
    assert "Chưa thể đăng bán" in client.get(f"/seller/products/{product.slug}").text

    assert _submit_certificate(client, product.slug).status_code == 302
    certificate = db.session.query(Certificate).one()
    assert certificate.status == "pending" and certificate.expires_on == date(2029, 3, 1)
    office = office_client(app)
    post_form(office, f"/office/producers/{seller.id}/verify", f"/office/producers/{seller.id}")
    post_form(office, f"/office/certificates/{certificate.code}/verify", f"/office/certificates/{certificate.code}")

    post_form(client, f"/seller/products/{product.slug}/publish", f"/seller/products/{product.slug}", published="1")
    assert db.session.get(Product, product.id).published
    assert "Chè móc câu" in client.get("/products").text
    assert client.get(f"/api/v1/products/{product.slug}").status_code == 200


@pytest.mark.parametrize("fields, message", [
    ({"decision_date": "2031-01-01"}, "không thể ở tương lai"),
    ({"decision_date": "2020-01-01"}, "đã quá 36 tháng"),
    ({"document": upload(EXECUTABLE, "qd.pdf")}, "Tài liệu phải là tệp PDF hoặc ảnh"),
    ({"stars": "2"}, "Not a valid choice"),
    ({"decision_date": "01/13/2026"}, "Not a valid date value"),
])
def test_a_bad_certificate_submission_is_explained(client, fields, message):
    producer_signed_up(client)
    new_product(client)
    response = _submit_certificate(client, db.session.query(Product).one().slug, **fields)
    assert response.status_code == 200 and message in response.text
    assert db.session.query(Certificate).count() == 0


def test_a_producer_not_yet_verified_cannot_invite(client, caplog):
    producer_signed_up(client)
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        response = post_form(client, "/seller/staff", email="nhanvien@example.vn")
    assert "cần được Văn phòng OCOP xác minh trước khi mời" in response.text and "email to" not in caplog.text


def test_staff_join_by_invitation_for_their_own_email_only(client, app, caplog):
    seller = producer_signed_up(client)
    seller.status = "verified"
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        post_form(client, "/seller/staff", email="nhanvien@example.vn")
    link = re.search(r"http://localhost(/seller/invitations/\S+)", caplog.text).group(1)

    stranger = app.test_client()
    make_user("la@example.vn")
    log_in(stranger, "la@example.vn")
    post_form(stranger, link)
    assert db.session.query(SellerMember).count() == 1

    staff = app.test_client()
    make_user("nhanvien@example.vn")
    log_in(staff, "nhanvien@example.vn")
    assert post_form(staff, link).status_code == 302
    member = db.session.query(SellerMember).filter_by(role="staff").one()
    assert member.user.email == "nhanvien@example.vn" and member.seller_id == seller.id
    assert staff.get("/seller/products").status_code == 200
    assert staff.get("/seller/staff").status_code == 403  # inviting is the owner's
    assert staff.get(link).status_code == 404  # used up


def test_another_producers_product_is_not_found(client, app):
    producer_signed_up(client)
    other = make_product("Nước mắm Phú Quốc")
    assert client.get(f"/seller/products/{other.slug}").status_code == 404
    assert post_form(client, f"/seller/products/{other.slug}/publish", "/seller/products",
                     published="0").status_code == 404
    assert db.session.get(Product, other.id).published


def test_a_rejected_certificate_can_be_corrected_and_sent_again(client, app):
    producer_signed_up(client)
    new_product(client)
    slug = db.session.query(Product).one().slug
    _submit_certificate(client, slug, stars="5")
    certificate = db.session.query(Certificate).one()
    certificate.status, certificate.status_reason = "rejected", "Bản scan mờ"
    db.session.commit()
    assert _submit_certificate(client, slug, stars="4").status_code == 302
    again = db.session.query(Certificate).one()
    assert (again.id, again.status, again.stars, again.status_reason) == (certificate.id, "pending", 4, None)
    assert "đã được gửi cho sản phẩm này" in _submit_certificate(client, slug).text  # pending: not twice


def test_a_member_cannot_reach_another_producer_through_form_fields(client, app):
    producer_signed_up(client)
    new_product(client)
    other = make_product("Nước mắm Phú Quốc")
    assert post_form(client, "/seller/switch", "/seller/", seller=str(other.seller_id)).status_code == 404
    response = _submit_certificate(client, other.slug)
    assert "Not a valid choice" in response.text and db.session.query(Certificate).count() == 1


def test_a_certified_product_keeps_its_name(client, app):
    seller = producer_signed_up(client)
    product = make_product("Chè móc câu", seller=seller)
    response = post_form(client, f"/seller/products/{product.slug}", name="Chè khác", group=str(product.group_id),
                         subgroup="", price_vnd="150000", unit="gói", description="")
    assert "không thể đổi tên hay ngành hàng" in response.text
    assert db.session.get(Product, product.id).name == "Chè móc câu"
    post_form(client, f"/seller/products/{product.slug}", name="Chè móc câu", group=str(product.group_id),
              subgroup="", price_vnd="175000", unit="gói", description="")
    assert db.session.get(Product, product.id).price_vnd == 175_000  # the price may change


def test_a_product_photo_is_stored_without_its_location_data(client, app):
    producer_signed_up(client)
    photo = jpeg_with_gps()
    assert b"Exif" in photo
    new_product(client, image=(photo, "che.jpg"))
    stored = Path(app.instance_path, "media", db.session.query(Product).one().image).read_bytes()
    assert stored.startswith(b"\xff\xd8") and b"Exif" not in stored


def test_the_workspace_calls_on_sale_only_what_the_shop_sells(client):
    seller = producer_signed_up(client)
    seller.status = "verified"
    db.session.commit()
    make_product("Chè còn hạn", seller=seller)
    make_product("Chè hết hạn", seller=seller, decision_date=date(2023, 1, 1))  # published, certificate expired
    assert "Sản phẩm</a>: 2, đang bán 1" in client.get("/seller/").text
    listing = client.get("/seller/products").text
    assert listing.count("Đang bán") == 1 and "Đã đăng nhưng đang ẩn" in listing


def test_a_product_with_a_photo_is_edited_without_sending_the_photo_again(client):
    producer_signed_up(client)
    new_product(client, image=(png_bytes(), "che.png"))
    product = db.session.query(Product).one()
    photo = product.image
    answer = post_form(client, f"/seller/products/{product.slug}", name=product.name, group=str(product.group_id),
                       subgroup="", price_vnd="190000", unit="gói 200 g", description="")
    edited = db.session.get(Product, product.id)
    assert answer.status_code == 302 and edited.price_vnd == 190_000 and edited.image == photo
