"""/account/notifications: a signed-in person's messages, newest first."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from shop.accounts.access import requires
from shop.extensions import db
from shop.notifications.services import mark_all_read, notifications_of
from shop.web import parse_page_number

bp = Blueprint("notifications", __name__, url_prefix="/account/notifications")


@bp.get("/")
@requires("signed_in")
def inbox():
    listing = notifications_of(current_user.id, parse_page_number(request.args))
    return render_template("notifications/inbox.html", listing=listing)


@bp.post("/read")
@requires("signed_in")
def read_all():
    mark_all_read(current_user.id)
    db.session.commit()
    return redirect(url_for("notifications.inbox"))
