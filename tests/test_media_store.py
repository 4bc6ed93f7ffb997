"""MEDIA_STORE=database: uploads are rows of media_file, served with a file's headers, replaced or dropped with the
change that named them, and never reached through a path that leaves their folder."""
from pathlib import Path

import pytest
from sqlalchemy import select

from shop.catalog.models import Product
from shop.extensions import db
from shop.media_store import MediaFile
from shop.sellers.models import Seller
from tests.factories import make_certificate
from tests.office.test_imports import GOOD_ROWS, confirm, csv_bytes, staged
from tests.support.files import PDF, pdf_bytes, png_bytes, upload
from tests.support.pages import visible_text
from tests.test_uploads import SANDBOX, _photo_url, status
from tests.workspace.workflow import PRODUCER, new_product, office_client, post_form, producer_signed_up, product_form


@pytest.fixture(autouse=True)
def database_store(app):
    """Every upload of these tests goes to the database (the fixtures restore the setting after each test)."""
    app.config["MEDIA_STORE"] = "database"


def kept() -> dict[str, MediaFile]:
    db.session.expire_all()
    return {row.name: row for row in db.session.scalars(select(MediaFile))}


def on_disk(app) -> list:
    return [path for path in Path(app.instance_path).rglob("*") if path.is_file() and path.name != "secret_key"]


def test_a_photo_is_a_row_served_with_the_headers_of_a_file(client, app):
    producer_signed_up(client)
    new_product(client, image=(png_bytes(size=(800, 600)), "che.png"))
    photo = _photo_url(db.session.query(Product).one().id)
    rows = kept()
    stem = photo.removeprefix("/").removesuffix(".png")
    assert {name for name in rows if name.startswith("media/")} == \
        {f"{stem}.png", f"{stem}-320w.png", f"{stem}-640w.png", f"{stem}-1280w.png"}
    row = rows[photo.removeprefix("/")]
    assert (row.content_type, row.size) == ("image/png", len(row.data)) and row.created_at is not None
    with client.get(photo) as answer:
        assert answer.status_code == 200 and answer.mimetype == "image/png" and answer.data == row.data
        assert answer.headers["Cache-Control"] == "public, max-age=86400"
        assert answer.headers["X-Content-Type-Options"] == "nosniff" and answer.headers["ETag"]
    assert on_disk(app) == []  # nothing under instance/: another host serves it as well


def test_unknown_names_and_paths_leaving_media_answer_404(client, app):
    seller = producer_signed_up(client)
    private = f"private/registrations/{seller.registration_document.rsplit('/', 1)[-1]}"
    assert private in kept()
    for path in ("/media/products/none.png", f"/media/../{private}", f"/media/%2e%2e/{private}",
                 f"/media/products/../../{private}", "/media/../secret_key", "/media/"):
        assert status(client, path) == 404, path


def test_a_replaced_photo_leaves_with_the_change_and_a_refused_change_keeps_it(client, app):
    producer_signed_up(client)
    new_product(client, image=(png_bytes(), "cu.png"))
    product = db.session.query(Product).one()
    old = _photo_url(product.id)
    assert post_form(client, f"/seller/products/{product.slug}", **product_form(),
                     image=upload(png_bytes(colour=(30, 30, 200)), "moi.png")).status_code == 302
    new = _photo_url(product.id)
    assert status(client, new) == 200 and status(client, old) == 404
    assert old.removeprefix("/") not in kept() and len([name for name in kept() if name.startswith("media/")]) == 4
    make_certificate(product)  # certified: its name may not change any more
    before = set(kept())
    refused = post_form(client, f"/seller/products/{product.slug}", **product_form(name="Chè khác"),
                        image=upload(png_bytes(colour=(90, 90, 90)), "khac.png"))
    assert "không thể đổi tên hay ngành hàng" in refused.text
    assert set(kept()) == before and status(client, new) == 200


def test_a_private_document_is_a_sandboxed_download_for_the_office_only(client, app):
    seller = producer_signed_up(client)
    old = seller.registration_document
    office = office_client(app)
    with office.get(f"/office/documents/{old}") as document:
        assert document.status_code == 200 and document.mimetype == "application/pdf" and document.data == PDF
        assert document.headers["Content-Disposition"].startswith("attachment")
        assert document.headers["Content-Security-Policy"] == SANDBOX
    assert status(app.test_client(), f"/office/documents/{old}") != 200
    assert status(office, "/office/documents/registrations/none.pdf") == 404
    assert post_form(client, "/seller/profile", **PRODUCER, document=upload(pdf_bytes(pages=2), "moi.pdf")) \
        .status_code == 302
    db.session.expire_all()
    assert status(office, f"/office/documents/{old}") == 404
    assert status(office, f"/office/documents/{db.session.get(Seller, seller.id).registration_document}") == 200


def test_a_staged_list_is_read_back_from_the_database_to_preview_and_import(app):
    office = office_client(app)
    run = staged(office, csv_bytes([GOOD_ROWS[1]]))
    assert run.stored_as in kept() and on_disk(app) == []
    assert "Tạo mới (sản phẩm và chứng nhận) 1" in visible_text(office.get(f"/office/imports/{run.token}").text)
    assert confirm(office, run).status_code == 303
    db.session.expire_all()
    assert db.session.get(type(run), run.id).status == "imported"
