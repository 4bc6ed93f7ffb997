"""Official certificate lists imported on the web: an upload is kept under a random token and previewed (the same
importer as `ocop import`, run in a savepoint that is rolled back), then imported once, all rows or none.

Rows are told apart by what importing them does: one that brings a new product (and its certificate) is
"created", one that adds a certificate to a product already here is "updated", one whose certificate is already
recorded is "unchanged".
"""
import hashlib
import os
from dataclasses import dataclass

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from shop.certification.importer import REQUIRED_COLUMNS, check_table, write_rows
from shop.certification.table_files import ListRejected, problem, read_table
from shop.clock import now
from shop.errors import Conflict
from shop.extensions import db
from shop.media_store import store
from shop.office.models import ImportRun
from shop.uploads import save_table_file


@dataclass
class Preview:
    """What importing a staged list would do, or the problems that stop it (`line N: field: reason`)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: tuple[str, ...] = ()


def stage_list(storage, by) -> ImportRun:
    """Keep an uploaded list (checked like every upload) under a random token, not imported yet."""
    stored_as, sha256 = save_table_file(storage)
    token = os.path.splitext(os.path.basename(stored_as))[0]
    run = ImportRun(token=token, stored_as=stored_as, sha256=sha256, uploaded_by_id=by.id, status="staged",
                    file_name=os.path.basename(storage.filename or "")[:200] or token)
    db.session.add(run)
    db.session.flush()
    return run


def find_run(token: str) -> ImportRun | None:
    """The uploaded list kept under `token`, or None."""
    return db.session.scalar(select(ImportRun).where(ImportRun.token == token))


def import_history():
    """A query for the lists imported, newest first."""
    return (select(ImportRun).where(ImportRun.status == "imported").options(joinedload(ImportRun.imported_by))
            .order_by(ImportRun.imported_at.desc(), ImportRun.id.desc()))


def preview_list(run: ImportRun) -> Preview:
    """Rows to create, update and leave unchanged if the list were imported now, or its problems; writes nothing."""
    try:
        rows = _checked_rows(run)
        savepoint = db.session.begin_nested()
        try:
            counts = _written(rows, by=None, reference=run.token)
        finally:
            savepoint.rollback()
    except ListRejected as rejected:
        return Preview(problems=tuple(rejected.errors))
    return Preview(**counts)


def confirm_list(run: ImportRun, sha256: str, by) -> ImportRun:
    """Import the staged list exactly as previewed (`sha256`), all rows or none, once; notes who, when and counts."""
    if sha256 != run.sha256 or _file_sha256(run) != run.sha256:
        raise Conflict(_l("Tệp đã thay đổi từ lúc xem trước: hãy tải lên lại."))
    claimed = db.session.execute(update(ImportRun).where(ImportRun.id == run.id, ImportRun.status == "staged")
                                 .values(status="imported", imported_by_id=by.id, imported_at=now())).rowcount
    if not claimed:  # the same confirm sent twice: the second waits for the first, then finds it done
        raise Conflict(_l("Danh sách này đã được nhập rồi."))
    db.session.refresh(run)
    earlier = db.session.scalar(select(ImportRun).where(ImportRun.sha256 == run.sha256, ImportRun.id != run.id,
                                                        ImportRun.status == "imported"))
    if earlier is not None:
        raise Conflict(_l("Tệp này đã được nhập ngày %(day)s (%(name)s).", name=earlier.file_name,
                          day=format_datetime(earlier.imported_at, "dd/MM/yyyy HH:mm")))
    for name, count in _written(_checked_rows(run), by=by, reference=run.token).items():
        setattr(run, name, count)
    db.session.flush()
    return run


def _file_sha256(run: ImportRun) -> str | None:
    """The kept file's sha256 now (None if it is gone)."""
    kept = store().read(run.stored_as)
    return None if kept is None else hashlib.sha256(kept).hexdigest()


def _checked_rows(run: ImportRun):
    with store().as_path(run.stored_as) as path:
        return check_table(read_table(path, REQUIRED_COLUMNS))


def _written(rows, *, by, reference: str) -> dict:
    """Write the checked rows through the importer; {created, updated, unchanged}. A database refusal is a
    rejection of the whole list."""
    try:
        with db.session.begin_nested():
            counts = write_rows(rows, by=by, reference=f"web:{reference}"[:80])
    except SQLAlchemyError as failure:
        raise ListRejected([problem(1, "file", _l("cơ sở dữ liệu từ chối danh sách (%(error)s)",
                                                 error=type(failure).__name__))]) from None
    return {"created": counts["products"], "updated": counts["certificates"] - counts["products"],
            "unchanged": counts["skipped"]}
