"""/office/targets: the office sets a province's KPI targets for a year (empty: the plans' default); all provinces
keep the defaults. Saved changes go to the audit log; /office/kpis shows each KPI against them."""
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from shop.accounts.access import requires
from shop.clock import today
from shop.office import kpi_targets, services
from shop.office.forms import TargetChoiceForm, TargetsForm, field_name
from shop.places import PROVINCES
from shop.web import attempt

bp = Blueprint("targets", __name__, url_prefix="/targets")


def _typed(kpi: str, value) -> str:
    """A saved target as its field shows it: a share in percent ("12.5"), a count as it is; none: empty."""
    if value is None:
        return ""
    return f"{value * 100:g}" if kpi in kpi_targets.SHARES else str(value)


@bp.get("")
@requires("office")
def targets():
    choice = TargetChoiceForm(formdata=MultiDict({"year": str(today().year), **request.args.to_dict()}))
    if not choice.validate():
        return _page(choice, None, 400)
    province, year = choice.province.data, int(choice.year.data)
    saved = kpi_targets.saved(province, year) if province else {}
    form = TargetsForm(formdata=None, data={"province": province, "year": str(year),
                                            **{field_name(kpi): _typed(kpi, value) for kpi, value in saved.items()}})
    return _page(choice, form if province else None)


@bp.post("")
@requires("office")
def save():
    """Save the province's targets for the year, then back to them; a bad field: the form again with its error."""
    form = TargetsForm()
    if form.validate_on_submit():
        province, year = form.province.data, int(form.year.data)
        done, _none = attempt(lambda: services.set_targets(current_user, province, year, form.targets()),
                              form.province)
        if done:
            flash(_("Đã lưu chỉ tiêu của %(province)s năm %(year)s.", province=province, year=year), "success")
            return redirect(url_for(".targets", province=province, year=year), 303)
    choice = TargetChoiceForm(formdata=MultiDict({"province": request.form.get("province", ""),
                                                  "year": request.form.get("year", "")}))
    choice.validate()
    return _page(choice, form, 422)


def _page(choice: TargetChoiceForm, form: TargetsForm | None, status: int = 200):
    """The page: the province and year chosen, and their targets (a form for a province, the defaults for all)."""
    province = choice.province.data if not choice.errors else None
    kpi_day = None if choice.errors else min(today(), date(int(choice.year.data), 12, 31))  # the year on the KPI page
    problems = [*choice.province.errors, *choice.year.errors, *(form.province.errors if form else ()),
                *(form.year.errors if form else ())]  # the hidden province and year: said at the top
    return render_template("office/targets.html", choice=choice, form=form, provinces=PROVINCES, kpi_day=kpi_day,
                           problems=list(dict.fromkeys(map(str, problems))),
                           defaults=kpi_targets.defaults(province), targeted=kpi_targets.TARGETED,
                           labels=kpi_targets.LABELS, shares=kpi_targets.SHARES, field_name=field_name,
                           shown=kpi_targets.shown), status
