"""/seller/certificates: certificate submissions explained when refused, and sent again when rejected."""
import pytest

from shop.catalog.models import Product
from shop.certification.models import Certificate
from shop.extensions import db
from tests.support.files import EXECUTABLE, upload
from tests.workspace.workflow import new_product, producer_signed_up, submit_certificate


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
    response = submit_certificate(client, db.session.query(Product).one().slug, **fields)
    assert response.status_code == 200 and message in response.text
    assert db.session.query(Certificate).count() == 0


def test_a_rejected_certificate_can_be_corrected_and_sent_again(client, app):
    producer_signed_up(client)
    new_product(client)
    slug = db.session.query(Product).one().slug
    submit_certificate(client, slug, stars="5")
    certificate = db.session.query(Certificate).one()
    certificate.status, certificate.status_reason = "rejected", "Bản scan mờ"
    db.session.commit()
    assert submit_certificate(client, slug, stars="4").status_code == 302
    again = db.session.query(Certificate).one()
    assert (again.id, again.status, again.stars, again.status_reason) == (certificate.id, "pending", 4, None)
    assert "đã được gửi cho sản phẩm này" in submit_certificate(client, slug).text  # pending: not twice
