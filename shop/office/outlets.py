"""/office/outlets: the programme office keeps the list of OCOP outlets and who works at each; every change is
written to the audit log."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.access import requires
from shop.extensions import db
from shop.inventory import outlets as services
from shop.inventory.models import Location
from shop.office import services as office
from shop.office.database import outlets_file
from shop.office.forms import CommissionForm, OutletForm, StaffForm
from shop.sellers.models import Seller
from shop.settlements import services as settlements
from shop.web import WHOLE_NUMBER, attempt, carry_out, found_or_404, parse_page_number

bp = Blueprint("outlets", __name__, url_prefix="/outlets")
PER_PAGE = 30


def _fields(form: OutletForm) -> dict:
    return {name: form[name].data for name in services.OUTLET_FIELDS}


@bp.get("/")
@requires("office")
def outlets():
    if request.args.get("format") is not None:
        places = db.session.scalars(services.outlets()).all()
        return outlets_file(request.args["format"], places, services.staff_counts(places))
    listing = db.paginate(services.outlets(), page=parse_page_number(request.args), per_page=PER_PAGE,
                          error_out=False)
    return render_template("office/outlets/list.html", listing=listing,
                           staff=services.staff_counts(listing.items))


@bp.route("/new", methods=["GET", "POST"])
@requires("office")
def new():
    form = OutletForm()
    if form.validate_on_submit():
        done, outlet = attempt(lambda: office.create_outlet(current_user, **_fields(form)), form.name)
        if done:
            return redirect(url_for("office.outlets.outlet", outlet=outlet.slug), 303)
    return render_template("office/outlets/form.html", form=form, outlet=None)


@bp.route("/<slug:outlet>", methods=["GET", "POST"])
@requires("office")
def outlet(outlet):
    place = found_or_404(services.find_outlet(outlet))
    form = OutletForm(obj=place)
    if form.validate_on_submit():
        done, _place = attempt(lambda: office.update_outlet(current_user, place, **_fields(form)), form.name)
        if done:
            return redirect(url_for("office.outlets.outlet", outlet=place.slug), 303)
    return _edit_page(place, form, StaffForm(formdata=None))


def _edit_page(place: Location, form: OutletForm, staff_form: StaffForm, commission_form=None, status=200):
    commission_form = commission_form or CommissionForm(formdata=None).offer(settlements.producers_at(place))
    return render_template("office/outlets/form.html", form=form, outlet=place, staff_form=staff_form,
                           staff=services.staff_of(place), commission_form=commission_form,
                           rates=settlements.rates_of(place)), status


@bp.post("/<slug:outlet>/staff")
@requires("office")
def assign_staff(outlet):
    place = found_or_404(services.find_outlet(outlet))
    staff_form = StaffForm()
    if staff_form.validate_on_submit():
        done, _post = attempt(lambda: office.assign_staff(current_user, place, staff_form.user), staff_form.email)
        if done:
            return redirect(url_for("office.outlets.outlet", outlet=place.slug), 303)
    return _edit_page(place, OutletForm(obj=place, formdata=None), staff_form)


@bp.post("/<slug:outlet>/staff/remove")
@requires("office")
def remove_staff(outlet):
    place = found_or_404(services.find_outlet(outlet))
    raw = request.form.get("staff", "")
    staff_id = int(raw) if WHOLE_NUMBER.fullmatch(raw) else None
    carry_out(lambda: office.remove_staff(current_user, place, staff_id),
              _("Đã bỏ người này khỏi danh sách nhân viên."))
    return redirect(url_for("office.outlets.outlet", outlet=place.slug), 303)


@bp.post("/<slug:outlet>/commission")
@requires("office")
def commission(outlet):
    """Set the outlet's commission on consignment sales, or its override for one producer (empty: remove it)."""
    place = found_or_404(services.find_outlet(outlet))
    form = CommissionForm().offer(settlements.producers_at(place))
    if form.validate_on_submit():
        seller = db.session.get(Seller, int(form.seller.data)) if form.seller.data else None
        done, _rate = attempt(lambda: office.set_commission(current_user, place, seller, form.rate_bp), form.rate)
        if done:
            return redirect(url_for("office.outlets.outlet", outlet=place.slug), 303)
    return _edit_page(place, OutletForm(obj=place, formdata=None), StaffForm(formdata=None), form, 422)
