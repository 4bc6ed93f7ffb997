"""/seller/products: products with checked photos, and the publishing rules."""
from datetime import date
from pathlib import Path

import pytest

from shop.catalog.models import Product
from shop.catalog.services import ensure_groups, find_group, find_subgroup
from shop.certification.models import Certificate
from shop.extensions import db
from tests.factories import make_product
from tests.support.files import EXECUTABLE, jpeg_with_gps, png_bytes
from tests.support.pages import filled_form
from tests.workspace.workflow import new_product, office_client, post_form, producer_signed_up, submit_certificate


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

    assert submit_certificate(client, product.slug).status_code == 302
    certificate = db.session.query(Certificate).one()
    assert certificate.status == "pending" and certificate.expires_on == date(2029, 3, 1)
    office = office_client(app)
    post_form(office, f"/office/producers/{seller.id}/verify", f"/office/producers/{seller.id}")
    post_form(office, f"/office/certificates/{certificate.code}/verify", f"/office/certificates/{certificate.code}")

    post_form(client, f"/seller/products/{product.slug}/publish", f"/seller/products/{product.slug}", published="1")
    assert db.session.get(Product, product.id).published
    assert "Chè móc câu" in client.get("/products").text
    assert client.get(f"/api/v1/products/{product.slug}").status_code == 200


def test_another_producers_product_is_not_found(client, app):
    producer_signed_up(client)
    other = make_product("Nước mắm Phú Quốc")
    assert client.get(f"/seller/products/{other.slug}").status_code == 404
    assert post_form(client, f"/seller/products/{other.slug}/publish", "/seller/products",
                     published="0").status_code == 404
    assert db.session.get(Product, other.id).published


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


def test_a_price_change_sent_from_the_edit_page_keeps_the_group_and_subgroup(client):
    """Issue 15: the page forgot the saved groups, so saving a new price failed with "Ngành hàng: Vui lòng điền"."""
    seller = producer_signed_up(client)
    product = make_product("Chè móc câu", seller=seller, subgroup="Chè")  # certified: its groups may not change
    page = client.get(f"/seller/products/{product.slug}").text
    sent = filled_form(page, action="") | {"price_vnd": "175000"}
    assert sent["group"] == str(product.group_id) and sent["subgroup"] == str(product.subgroup_id)
    answer = client.post(f"/seller/products/{product.slug}", data=sent, content_type="multipart/form-data")
    edited = db.session.get(Product, product.id)
    assert answer.status_code == 302 and edited.price_vnd == 175_000
    assert (edited.group.name, edited.subgroup.name) == ("Thực phẩm", "Chè")


def test_subgroups_are_offered_under_their_group(client):
    producer_signed_up(client)
    page = client.get("/seller/products/new").text
    food, tea = find_group("Thực phẩm"), find_subgroup(find_group("Thực phẩm"), "Chè")
    herbal_tea = find_subgroup(food, "Sản phẩm trà từ thực vật khác")  # a phân nhóm of Chè
    assert 'data-narrows="subgroup"' in page and '<optgroup label="Thực phẩm">' in page
    assert f'<option data-group="{food.id}" value="{tea.id}">Chè</option>' in page
    assert f'<option data-group="{food.id}" value="{herbal_tea.id}">– {herbal_tea.name}</option>' in page


def test_a_phan_nhom_of_the_chosen_group_is_accepted(client):
    producer_signed_up(client)
    ensure_groups()
    food = find_group("Thực phẩm")
    herbal_tea = find_subgroup(food, "Sản phẩm trà từ thực vật khác")
    assert new_product(client, group=str(food.id), subgroup=str(herbal_tea.id)).status_code == 302
    assert db.session.query(Product).one().subgroup_id == herbal_tea.id
