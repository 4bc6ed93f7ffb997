"""/office/imports: an official certificate list uploaded (CSV or XLSX), previewed with every problem as
`line N: field: reason` and nothing written, then confirmed all or nothing; and the history of imports,
which downloads as CSV or XLSX."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.access import requires
from shop.extensions import db
from shop.office import database, list_imports
from shop.office.forms import ListUploadForm
from shop.uploads import UploadRejected
from shop.web import attempt, carry_out, parse_page_number

bp = Blueprint("imports", __name__, url_prefix="/imports")
PER_PAGE = 30


@bp.get("")
@requires("office")
def imports(form=None, status=200):
    """The upload form and the lists imported so far (all of them as a table with `?format=csv|xlsx`)."""
    if request.args.get("format") is not None:
        return database.imports_file(request.args["format"], db.session.scalars(list_imports.import_history()).all())
    history = db.paginate(list_imports.import_history(), page=parse_page_number(request.args), per_page=PER_PAGE,
                          error_out=False)
    return render_template("office/imports.html", form=form or ListUploadForm(), history=history), status


@bp.post("")
@requires("office")
def upload():
    form = ListUploadForm()
    if form.validate_on_submit():
        done, run = attempt(lambda: list_imports.stage_list(form.file.data, current_user), form.file,
                            {UploadRejected: form.file})
        if done:
            return redirect(url_for(".preview", token=run.token), 303)
    return imports(form, 422)


@bp.get("/<token>")
@requires("office")
def preview(token):
    """What importing the uploaded list would do; nothing is written."""
    run = list_imports.find_run(token)
    if run is None:
        return _gone()
    shown = None if run.status == "imported" else list_imports.preview_list(run)
    db.session.rollback()  # a preview writes nothing, not even the product groups the importer looks up
    return render_template("office/import_preview.html", run=run, preview=shown)


@bp.post("/<token>/confirm")
@requires("office")
def confirm(token):
    run = list_imports.find_run(token)
    if run is None:
        return _gone()
    done, _result = carry_out(lambda: list_imports.confirm_list(run, request.form.get("sha256", ""), current_user))
    if done:
        flash(_("Đã nhập danh sách %(name)s: %(created)s tạo mới, %(updated)s cập nhật, %(unchanged)s không đổi.",
                name=run.file_name, created=run.created, updated=run.updated, unchanged=run.unchanged), "success")
        return redirect(url_for(".imports"), 303)
    return redirect(url_for(".preview", token=token), 303)


def _gone():
    """Back to the upload form: no list is kept under this token."""
    flash(_("Không tìm thấy tệp đã tải lên; hãy tải lên lại."), "error")
    return redirect(url_for(".imports"), 303)
