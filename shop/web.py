"""Helpers every view uses: carry out a service call and commit or show its refusal, read the page number,
answer 404 for what a lookup did not find.

A view calls a service through `attempt` (a form: the refusal lands on a field) or `carry_out`
(a button: the refusal is flashed). Either way a refused request is rolled back, and the files it
saved are deleted; a committed one deletes the files it replaced.
"""
import re

from flask import abort, flash
from flask_babel import format_number, gettext
from flask_babel import lazy_gettext as _l

from shop.errors import Invalid, Refused
from shop.extensions import db
from shop.uploads import uploads_committed, uploads_refused

MAX_PER_PAGE = 100
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,12}")


class BadFilter(Invalid):
    """A listing parameter out of range: a 400 with this message for programs (English, naming the parameter), and
    for people `explained`, in their language, when a page of the shop can lead them to it."""

    status = 400  # a malformed query string, as the API's contract has always said
    code = "bad_parameter"

    def __init__(self, message: str, explained=None):
        super().__init__(message)
        self.explained = explained

    def for_people(self) -> str:
        return gettext("Bộ lọc không hợp lệ: %(reason)s", reason=self.explained or str(self))


def _committed(action):
    """(True, the action's result) once committed, or (False, the refusal) after rolling everything back."""
    try:
        result = action()
    except Refused as refused:
        db.session.rollback()
        uploads_refused()
        return False, refused
    try:
        db.session.commit()
    except Exception:
        uploads_refused()  # nothing refers to the new file: the change never landed
        raise
    uploads_committed()
    return True, result


def attempt(action, field, fields: dict | None = None):
    """Carry out a valid form's service call and commit; returns (done, result).

    A refusal is rolled back (nothing half-written) and its message shown on `field`, or on the
    field `fields` names for its kind (an upload's refusal on the file field).
    """
    done, outcome = _committed(action)
    if done:
        return True, outcome
    shown_on = next((shown for kind, shown in (fields or {}).items() if isinstance(outcome, kind)), field)
    shown_on.errors.append(str(outcome))
    return False, None


def carry_out(action, success=None):
    """Carry out a button's service call and commit, flashing `success`; returns (done, result or refusal).

    A refusal is rolled back and its message flashed instead; it is returned, so the view can answer its status.
    """
    done, outcome = _committed(action)
    if not done:
        flash(str(outcome), "error")
        return False, outcome
    if success:
        flash(str(success), "success")
    return True, outcome


def whole_number(args, name: str, low: int, high: int) -> int | None:
    """Query-string parameter `name` as a whole number from `low` to `high`; None if empty, else BadFilter."""
    raw = args.get(name, "")
    if not raw:
        return None
    explained = _l("“%(value)s” không phải là số nguyên từ %(low)s đến %(high)s.", value=raw[:40],
                   low=format_number(low), high=format_number(high))  # a price typed as 1e9 or 2.000.000.000
    if not WHOLE_NUMBER.fullmatch(raw):  # int() would also take "1_000" and non-ASCII digits
        raise BadFilter(f"{name} must be a whole number, got {raw[:40]!r}", explained)
    value = int(raw)
    if not low <= value <= high:
        raise BadFilter(f"{name} must be between {low} and {high}, got {value}", explained)
    return value


def parse_page_number(args) -> int:
    """`page` (≥ 1) from query-string `args`, for pages of a fixed size."""
    return whole_number(args, "page", 1, 10**6) or 1


def parse_page(args, default_per_page: int) -> tuple[int, int]:
    """`page` (≥ 1) and `per_page` (1–100) from query-string `args`."""
    return parse_page_number(args), whole_number(args, "per_page", 1, MAX_PER_PAGE) or default_per_page


def found_or_404(found):
    """What a lookup found, else a 404 (a record that is not there, or not this visitor's to see)."""
    if found is None:
        abort(404)
    return found
