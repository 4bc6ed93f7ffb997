"""Drive the producer and office pages the way people do: forms with CSRF tokens, files attached."""
from shop.catalog.services import ensure_groups, find_group
from shop.extensions import db
from shop.sellers.models import Seller
from tests.accounts.support import csrf_token, log_in, make_user
from tests.support.files import PDF, upload

PRODUCER = {"name": "HTX Chè Tân Cương Xanh", "owner_type": "htx", "tax_code": "4600123456",
            "province": "Thái Nguyên", "commune": "Tân Cương", "address": "Xóm Nam Đồng", "phone": "0912345678"}


def apply_as_producer(client, document=(PDF, "giay-phep.pdf"), **fields):
    data = {**PRODUCER, **fields, "csrf_token": csrf_token(client, "/seller/register")}
    if document is not None:
        data["document"] = upload(*document)
    return client.post("/seller/register", data=data, content_type="multipart/form-data")


def producer_signed_up(client, email="lan@example.vn", **fields) -> Seller:
    """A person registers, logs in and applies for a producer; returns the pending Seller."""
    make_user(email)
    log_in(client, email)
    assert apply_as_producer(client, **fields).status_code == 302
    return db.session.query(Seller).filter_by(name=fields.get("name", PRODUCER["name"])).one()


def office_client(app, email="vanphong@ocop.gov.vn"):
    make_user(email, office=True, name="Văn phòng OCOP")
    client = app.test_client()
    log_in(client, email)
    return client


def post_form(client, path, page=None, **data):
    """POST `data` to `path` with a CSRF token taken from `page` (default: `path`)."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)},
                       content_type="multipart/form-data")


def product_form(**fields) -> dict:
    """The product form filled in for "Chè móc câu" (Đồ uống), with `fields` changed."""
    ensure_groups()
    return {"name": "Chè móc câu", "group": str(find_group("Đồ uống").id), "subgroup": "", "price_vnd": "180000",
            "unit": "gói 200 g", "description": "Chè búp non", **fields}


def new_product(client, image=None, **fields):
    """Create a product through /seller/products/new, with a photo `image` = (bytes, filename) if given."""
    data = product_form(**fields)
    if image:
        data["image"] = upload(*image)
    return post_form(client, "/seller/products/new", **data)


def submit_certificate(client, product_slug, **fields):
    """Send a 4★ certificate for `product_slug` through /seller/certificates, with `fields` changed."""
    data = {"product": product_slug, "decision_number": "123/QĐ-UBND", "decision_date": "2026-03-01",
            "stars": "4", "score": "78", "authority": "UBND tỉnh Thái Nguyên",
            "document": upload(PDF, "quyet-dinh.pdf"), **fields}
    return post_form(client, "/seller/certificates", **data)
