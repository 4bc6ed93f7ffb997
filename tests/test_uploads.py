"""Uploads are what they claim: a PDF opens and has a page, an image scan loses its metadata, documents are
downloads that cannot act on the shop, and a replaced file is deleted once (and only once) the change commits."""
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from shop.catalog.models import Product
from shop.extensions import db
from shop.sellers.models import Seller
from tests.accounts.support import log_in, make_user
from tests.factories import make_certificate
from tests.support.files import FAKE_PDF, PDF, jpeg_with_gps, pdf_bytes, png_bytes, stored_files, upload
from tests.workspace.workflow import (
    PRODUCER,
    apply_as_producer,
    new_product,
    office_client,
    post_form,
    producer_signed_up,
    product_form,
)

SANDBOX = "sandbox; default-src 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize("document, message", [
    (FAKE_PDF, "Tệp PDF bị hỏng hoặc không có trang nào"),  # only the %PDF- signature
    (pdf_bytes(pages=0), "Tệp PDF bị hỏng hoặc không có trang nào"),
    (b"%PDF-1.7\n" + b"\x00" * 300, "Tệp PDF bị hỏng hoặc không có trang nào"),
    (pdf_bytes(password="bí mật"), "Tệp PDF đã đặt mật khẩu hoặc mã hoá"),
])
def test_a_pdf_that_does_not_open_with_a_page_is_refused_with_a_message(client, app, document, message):
    make_user("lan@example.vn")
    log_in(client, "lan@example.vn")
    response = apply_as_producer(client, document=(document, "giay-phep.pdf"))
    assert response.status_code == 200 and message in response.text
    assert db.session.query(Seller).count() == 0 and stored_files(app) == []


def test_a_real_one_page_pdf_is_kept_as_sent(client, app):
    seller = producer_signed_up(client)
    assert Path(app.instance_path, "private", seller.registration_document).read_bytes() == PDF


def test_an_image_scan_is_stored_without_its_metadata(client, app):
    photo = jpeg_with_gps()
    assert Image.open(BytesIO(photo)).getexif()  # GPS position and camera model
    seller = producer_signed_up(client, document=(photo, "giay-phep.jpg"))
    stored = Path(app.instance_path, "private", seller.registration_document)
    assert stored.suffix == ".jpg" and b"Exif" not in stored.read_bytes()
    with Image.open(stored) as image:
        assert not image.getexif()


@pytest.mark.parametrize("reader", ["member", "office"])
def test_a_pdf_document_is_a_sandboxed_download(client, app, reader):
    seller = producer_signed_up(client)
    url = {"member": f"/seller/documents/{seller.registration_document}",
           "office": f"/office/documents/{seller.registration_document}"}[reader]
    with (client if reader == "member" else office_client(app)).get(url) as document:
        assert document.status_code == 200 and document.mimetype == "application/pdf"
        assert document.headers["Content-Disposition"].startswith("attachment")
        assert document.headers["Content-Security-Policy"] == SANDBOX
        assert document.headers["X-Content-Type-Options"] == "nosniff"


def test_an_image_document_is_shown_inline_but_sandboxed(client, app):
    seller = producer_signed_up(client, document=(png_bytes(), "giay-phep.png"))
    office = office_client(app)
    assert f'<img class="document" src="/office/documents/{seller.registration_document}"' in \
        office.get(f"/office/producers/{seller.id}").text
    with office.get(f"/office/documents/{seller.registration_document}") as document:
        assert document.status_code == 200 and document.mimetype == "image/png"
        assert document.headers["Content-Disposition"].startswith("inline")
        assert document.headers["Content-Security-Policy"] == SANDBOX
        assert document.headers["X-Content-Type-Options"] == "nosniff"


def status(client, url: str) -> int:
    """The status of GET `url` (the file it may stream is closed again)."""
    with client.get(url) as answer:
        return answer.status_code


def _photo_url(product_id: int) -> str:
    db.session.expire_all()
    return f"/media/{db.session.get(Product, product_id).image}"


def test_a_replaced_photo_is_deleted_and_its_address_answers_404(client, app):
    producer_signed_up(client)
    new_product(client, image=(png_bytes(colour=(200, 30, 30)), "cu.png"))
    product = db.session.query(Product).one()
    old = _photo_url(product.id)
    assert status(client, old) == 200
    replaced = post_form(client, f"/seller/products/{product.slug}", **product_form(),
                         image=upload(png_bytes(colour=(30, 30, 200)), "moi.png"))
    assert replaced.status_code == 302
    new = _photo_url(product.id)
    assert new != old and status(client, new) == 200
    assert status(client, old) == 404 and status(client, old.replace(".png", "-320w.png")) == 404
    assert len(stored_files(app)) == 5  # the registration paper, the new photo and its three narrower copies


def test_a_refused_change_keeps_the_old_photo_and_drops_the_new_one(client, app):
    producer_signed_up(client)
    new_product(client, image=(png_bytes(), "cu.png"))
    product = db.session.query(Product).one()
    make_certificate(product)  # certified: its name may not change any more
    old, files = _photo_url(product.id), stored_files(app)
    refused = post_form(client, f"/seller/products/{product.slug}", **product_form(name="Chè khác"),
                        image=upload(png_bytes(colour=(30, 30, 200)), "moi.png"))
    assert "không thể đổi tên hay ngành hàng" in refused.text
    assert _photo_url(product.id) == old and status(client, old) == 200
    assert stored_files(app) == files


def test_a_resubmitted_application_replaces_its_registration_paper(client, app):
    seller = producer_signed_up(client)
    old = seller.registration_document
    office = office_client(app)
    assert post_form(client, "/seller/profile", **PRODUCER, document=upload(pdf_bytes(pages=2), "moi.pdf")) \
        .status_code == 302
    db.session.expire_all()
    new = db.session.get(Seller, seller.id).registration_document
    assert new != old and status(office, f"/office/documents/{new}") == 200
    assert status(office, f"/office/documents/{old}") == 404
    assert not Path(app.instance_path, "private", old).exists()


def test_a_product_photo_gets_narrower_copies_that_cards_and_the_product_page_offer(client, app):
    producer_signed_up(client)
    new_product(client, image=(png_bytes(size=(1000, 750)), "to.png"))
    product = db.session.query(Product).one()
    photo = _photo_url(product.id)
    widths = {}
    for width in (320, 640, 1280):
        with client.get(photo.replace(".png", f"-{width}w.png")) as copy:
            widths[width] = Image.open(BytesIO(copy.data)).size
    assert widths == {320: (320, 240), 640: (640, 480), 1280: (1000, 750)}  # never scaled up
    make_certificate(product)
    product.published, product.seller.status = True, "verified"
    db.session.commit()
    srcset = f'{photo[:-4]}-320w.png 320w, {photo[:-4]}-640w.png 640w, {photo[:-4]}-1280w.png 1280w'
    assert f'srcset="{srcset}" sizes="(min-width: 48rem) 16rem, 50vw"' in client.get("/products").text
    assert f'srcset="{srcset}" sizes="(min-width: 48rem) 28rem, 100vw"' in client.get(f"/products/{product.slug}").text
