"""The one input policy: text carrying control characters is refused at the edge, before any view runs.

PostgreSQL refuses a NUL byte (a 500 if one got that far) and SQLite stores it verbatim; other
control characters (C0, DEL, C1), lone surrogates and Unicode noncharacters have no place in a
name, an address or a search either. So every request's path, query-string names and values,
form names and values and upload file names are checked here, once: a path holding one answers
404 (no page has such a name), anything else 400 — the error page in the visitor's language, or
the API's JSON error. Nothing carrying them reaches a form, a service or the database.

Tab, CR and LF are allowed only in the values of the multi-line fields (the shop's textareas,
named below): a browser never puts them in a one-line input, so elsewhere they are forged.
The Stripe webhook's JSON body is not read here: Stripe signs it, and the API takes no bodies.
"""
import re
from itertools import chain

from flask import abort, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from shop.errors import error_response

MULTI_LINE_FIELDS = frozenset({"description", "reason", "serials"})  # a product's description, reasons, stamps to void
# Refused characters as bodies of a regular-expression class, in escapes that Python, JSON Schema (ECMA-262)
# and Rust read alike, so the API's document states the same rule (shop/api/openapi.py).
LINE_BREAKS = r"\t\n\r"
CONTROLS_AND_NONCHARACTERS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff"
# Beyond the Basic Multilingual Plane, and lone surrogates (never valid UTF-8 anyway): for Python only.
_PLANE_ENDS = "".join(f"\\U{plane | last:08x}" for plane in range(0x10000, 0x110000, 0x10000)
                      for last in (0xFFFE, 0xFFFF))
_NEVER = CONTROLS_AND_NONCHARACTERS + _PLANE_ENDS + r"\ud800-\udfff"
_NOT_ONE_LINE = re.compile(f"[{LINE_BREAKS}{_NEVER}]")
_NOT_MULTI_LINE = re.compile(f"[{_NEVER}]")
REFUSAL = _l("Dữ liệu gửi lên chứa ký tự không hợp lệ.")


def acceptable(text: str, multi_line: bool = False) -> bool:
    """True unless `text` holds a control character (tab and line breaks pass if `multi_line`), a surrogate
    or a noncharacter."""
    return not (_NOT_MULTI_LINE if multi_line else _NOT_ONE_LINE).search(text)


def _one_line_texts(with_body: bool):
    """Query-string names and values; `with_body`, form field names, upload field and file names."""
    yield from chain.from_iterable(request.args.items(multi=True))
    if not with_body:
        return
    yield from request.form.keys()
    for name, upload in request.files.items(multi=True):
        yield name
        yield upload.filename or ""


def _has_body() -> bool:
    """Does the request carry a body (a length, or chunks)? Without one, it has no form to parse."""
    environ = request.environ
    return environ.get("CONTENT_LENGTH", "0") not in ("", "0") or "HTTP_TRANSFER_ENCODING" in environ


def _fields_acceptable() -> bool:
    """True if every name, value and file name the request carries passes the policy."""
    with_body = _has_body()
    if not all(acceptable(text) for text in _one_line_texts(with_body)):
        return False
    return not with_body or all(acceptable(value, name in MULTI_LINE_FIELDS)
                                for name, value in request.form.items(multi=True))


def refuse_unacceptable_input():
    """Before every request: 404 for a path, 400 for fields carrying what the policy refuses."""
    if request.routing_exception is not None:
        return None  # no view will run: Flask answers the refused host or the unknown path itself
    if not acceptable(request.path):
        abort(404)
    if not _fields_acceptable():
        return error_response(400, "bad_parameter", gettext(REFUSAL))
    return None


def init_app(app):
    """Check every request against the policy; register it before CSRF and rate limits so it runs first."""
    app.before_request(refuse_unacceptable_input)
