"""/office/expiring: current certificates ending within 30, 60 or 90 days (`?within=`), each with a button that
reminds its producer now and says when the office last did; the list downloads with `?format=csv|xlsx`."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from shop.accounts.access import requires
from shop.certification.expiry import mail_reminders
from shop.certification.services import find_certificate
from shop.clock import today
from shop.extensions import db
from shop.office import database, reminders
from shop.web import BadFilter, carry_out, found_or_404, parse_page_number

bp = Blueprint("expiring", __name__, url_prefix="/expiring")
PER_PAGE = 50


def _within() -> int:
    """`within` from the query string: one of reminders.WINDOWS (30 when absent)."""
    raw = request.args.get("within", "30")
    if raw not in {str(days) for days in reminders.WINDOWS}:
        raise BadFilter(f"within must be one of {reminders.WINDOWS}, got {raw[:40]!r}",
                        _l("Chỉ xem được 30, 60 hoặc 90 ngày tới."))
    return int(raw)


@bp.get("")
@requires("office")
def expiring():
    within = _within()
    ending = reminders.expiring_certificates(today(), within)
    if request.args.get("format") is not None:
        found = db.session.scalars(ending).all()
        return database.expiring_file(request.args["format"], found, reminders.last_reminded(found))
    listing = db.paginate(ending, page=parse_page_number(request.args), per_page=PER_PAGE, error_out=False)
    return render_template("office/expiring.html", listing=listing, within=within, windows=reminders.WINDOWS,
                           reminded=reminders.last_reminded(listing.items),
                           reachable=reminders.producers_with_members(listing.items), today=today())


@bp.post("/<code>/remind")
@requires("office")
def remind(code):
    """Remind the producer of certificate `code` now (once a day), then back to the list it was sent from."""
    certificate = found_or_404(find_certificate(code))
    done, outbox = carry_out(lambda: reminders.remind_producer(certificate, current_user, today()))
    if done:
        mailed = mail_reminders(outbox)
        flash(_("Đã nhắc %(product)s: %(members)s thành viên, %(mailed)s e-mail.", product=certificate.product.name,
                members=len(outbox), mailed=mailed), "success")
    within = request.form.get("within", "30")
    back = {"within": within} if within in {str(days) for days in reminders.WINDOWS} else {}
    return redirect(url_for(".expiring", **back), 303)
