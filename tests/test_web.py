"""shop/web.py: a service call is committed, or its refusal is shown (on a form field, or flashed) with nothing
half-written and no upload left behind; page numbers are bounded."""
from io import BytesIO

import pytest
from flask import get_flashed_messages
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import NotFound

from shop.accounts.models import User
from shop.errors import Conflict
from shop.extensions import db
from shop.uploads import UploadRejected, save_product_image
from shop.web import BadFilter, attempt, carry_out, found_or_404, parse_page
from tests.support.files import png_bytes, stored_files


class Field:
    """What attempt() needs of a form field: its list of errors."""

    def __init__(self):
        self.errors = []


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _photo():
    return save_product_image(FileStorage(BytesIO(png_bytes()), "anh.png"))


def _add_user_then_refuse(refusal):
    def action():
        db.session.add(User(email="nua-chung@example.vn"))
        db.session.flush()  # written, inside the transaction that the refusal must roll back
        raise refusal
    return action


def test_a_refusal_inside_attempt_lands_on_the_field_and_nothing_is_committed(app):
    name = Field()
    with app.test_request_context("/", method="POST"):
        done, result = attempt(_add_user_then_refuse(Conflict("Tên này đã có.")), name)
    assert (done, result) == (False, None)
    assert name.errors == ["Tên này đã có."]
    assert _users() == 0


def test_attempt_shows_an_upload_refusal_on_the_file_field_and_deletes_the_file_it_saved(app):
    name, image = Field(), Field()

    def save_then_refuse():
        _photo()
        raise UploadRejected("Ảnh không hợp lệ.")

    with app.test_request_context("/", method="POST"):
        done, _result = attempt(save_then_refuse, name, {UploadRejected: image})
    assert not done and image.errors == ["Ảnh không hợp lệ."] and name.errors == []
    assert stored_files(app) == []


def test_attempt_commits_and_keeps_the_new_upload(app):
    with app.test_request_context("/", method="POST"):
        done, photo = attempt(lambda: (db.session.add(User(email="moi@example.vn")), _photo())[1], Field())
    db.session.rollback()  # only a commit could have kept the user
    assert done and photo and _users() == 1
    assert len(stored_files(app)) == 4  # the photo and its three narrower copies


def test_a_failing_commit_drops_the_new_upload_and_is_raised(app):
    db.session.add(User(email="da-co@example.vn"))
    db.session.commit()

    def duplicate_with_photo():
        db.session.add(User(email="da-co@example.vn"))  # the unique email breaks only at commit
        return _photo()

    with app.test_request_context("/", method="POST"), pytest.raises(IntegrityError):
        attempt(duplicate_with_photo, Field())
    db.session.rollback()
    assert stored_files(app) == []


def test_carry_out_flashes_a_refusal_and_rolls_back(app):
    with app.test_request_context("/", method="POST"):
        done, _result = carry_out(_add_user_then_refuse(Conflict("Đơn đã được xác nhận.")), "Xong.")
        flashed = get_flashed_messages(with_categories=True)
    assert not done and flashed == [("error", "Đơn đã được xác nhận.")]
    assert _users() == 0


def test_carry_out_commits_and_flashes_success(app):
    with app.test_request_context("/", method="POST"):
        done, _result = carry_out(lambda: db.session.add(User(email="xong@example.vn")), "Xong.")
        flashed = get_flashed_messages(with_categories=True)
    db.session.rollback()
    assert done and flashed == [("success", "Xong.")] and _users() == 1


def test_paging_parameters_are_bounded():
    assert parse_page(MultiDict({}), 24) == (1, 24)
    assert parse_page(MultiDict({"page": "3", "per_page": "100"}), 24) == (3, 100)
    for args in ({"page": "0"}, {"per_page": "101"}, {"page": "99999999999999999999"}):
        with pytest.raises(BadFilter):
            parse_page(MultiDict(args), 24)


def test_found_or_404_passes_what_was_found_and_answers_404_for_nothing():
    assert found_or_404(0) == 0  # only None means "not found": a falsy value found is still found
    with pytest.raises(NotFound):
        found_or_404(None)
