"""/seller/staff: invitations, for a verified producer and the invited email only."""
import logging
import re

from shop.extensions import db
from shop.sellers.models import SellerMember
from tests.accounts.support import log_in, make_user
from tests.workspace.workflow import post_form, producer_signed_up


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
