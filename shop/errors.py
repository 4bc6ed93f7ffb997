"""Error pages: HTML with a way back for people, JSON `{"error": ...}` under /api/ and for Stripe's webhook.

Also the base of every domain refusal, `Refused`, and the one handler that answers a refusal no view caught.
"""
import logging
from urllib.parse import urlsplit

from flask import jsonify, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, SecurityError

from shop.extensions import db
from shop.links import local_path

log = logging.getLogger(__name__)
MACHINE_PATHS = ("/api/", "/webhooks/")  # answered in JSON: programs read them, people don't
RETRY_AFTER_SECONDS = 30  # how long a visitor, a client or Stripe is asked to wait during an outage

MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    401: _l("Hãy đăng nhập bằng tài khoản có quyền xem trang này."),
    403: _l("Tài khoản của bạn không có quyền xem trang này."),
    404: _l("Không tìm thấy trang hoặc sản phẩm này."),
    405: _l("Phương thức không được hỗ trợ."),
    413: _l("Tệp gửi lên quá lớn."),
    429: _l("Bạn đã thử quá nhiều lần. Xin đợi một phút rồi thử lại."),
    500: _l("Đã có lỗi phía máy chủ. Xin thử lại sau."),
    503: _l("Cửa hàng đang tạm gián đoạn. Xin thử lại sau ít phút."),
}
# A form sent without its token, or after it ran out (a page left open for hours, a session that ended).
FORM_EXPIRED = _l("Biểu mẫu đã hết hạn vì trang được mở quá lâu. Hãy quay lại, tải lại trang rồi gửi lần nữa.")


class Refused(Exception):
    """A step the shop's rules refuse; the message says why, for the person who asked (lazily translated).

    Each kind says the HTTP status that answers it, and its `code` in the API's JSON error; a subclass
    may override either (a bad listing parameter keeps the 400 clients know).
    """

    status = 422
    code = "refused"

    def for_people(self) -> str:
        """The message as the error page shows it; a subclass may add context a program does not need."""
        return str(self)


class Conflict(Refused):
    """The state of things forbids the step: an illegal order-desk move, stock that cannot cover it, a decision
    already taken."""

    status = 409
    code = "conflict"


class Invalid(Refused):
    """Input a service finds invalid: a file that is not what the form asks for, a date in the future."""

    status = 422
    code = "invalid"


def api_error(status: int, code: str, message: str):
    """A JSON error response in the API's one shape."""
    return jsonify(error={"code": code, "message": message}), status


def _for_a_program() -> bool:
    return request.path.startswith(MACHINE_PATHS)


def wants_json() -> bool:
    """The request asks for JSON before anything else (a script at the order desk), whatever its path."""
    return request.accept_mimetypes.best == "application/json"


def _way_back() -> str | None:
    """The shop's page the visitor came from (the Referer, when it is this site's), to lead them back to."""
    came_from = urlsplit(request.referrer or "")
    back = local_path(came_from._replace(scheme="", netloc="").geturl(), None)
    if came_from.netloc != request.host or (request.method == "GET" and back == request.full_path.rstrip("?")):
        return None  # another site's page, or this very page again
    return back


def _error_page(status: int, message: str):
    """The error page in the visitor's language: what went wrong, and the way back."""
    return render_template("errors/error.html", status=status, message=message, back=_way_back())


def error_response(status: int, code: str, message: str, headers=()):
    """An error as its reader needs it: JSON for the API and Stripe, else the error page in the visitor's language."""
    if _for_a_program():
        return *api_error(status, code, message), headers
    return _error_page(status, message), status, headers


def _for_people(error: HTTPException) -> str:
    return FORM_EXPIRED if isinstance(error, CSRFError) else MESSAGES.get(error.code, error.description)


def _handle(error: HTTPException):
    """An HTTP error, keeping the headers that belong to it (a 405's Allow, a 503's Retry-After)."""
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    message = error.description if _for_a_program() else _for_people(error)
    return error_response(error.code, error.name.lower().replace(" ", "_"), message, headers)


def _refused(refusal: Refused):
    """A refusal that escaped its view: rolled back, and answered with its status (JSON if a program asked)."""
    db.session.rollback()  # nothing the refused request half-wrote is committed later
    if _for_a_program() or wants_json():
        return api_error(refusal.status, refusal.code, str(refusal))
    return _error_page(refusal.status, refusal.for_people()), refusal.status


def _untrusted_host(error: SecurityError):
    """A Host (or X-Forwarded-Host) the shop does not answer to: nothing may be built from it, not even a link."""
    message = gettext("Chợ OCOP không phục vụ tên miền này.")
    if _for_a_program():
        return api_error(400, "untrusted_host", message)
    return render_template("errors/untrusted_host.html", message=message), 400


# PostgreSQL's SQLSTATEs for a server out of reach: class 08 (connection exception) and these.
SERVER_GONE = {"57P01", "57P02", "57P03", "53300"}  # shut down (admin, crash, starting), too many connections


def is_outage(error: SQLAlchemyError) -> bool:
    """True when the database cannot be reached or is busy, rather than asked something wrong.

    SQLite reports bad SQL (a missing table) as an OperationalError too, with its generic
    code SQLITE_ERROR; its other operational errors (locked, cannot open, I/O, full) are outages.
    psycopg calls a deadlock or a statement timeout an OperationalError as well: those are bugs
    to see in the log as 500s, so only a failed connection or a server going away counts there.
    """
    if isinstance(error, (DisconnectionError, InterfaceError, PoolTimeout)):
        return True
    if getattr(error, "connection_invalidated", False):
        return True
    if not isinstance(error, OperationalError):
        return False
    if hasattr(error.orig, "sqlite_errorname"):
        return error.orig.sqlite_errorname != "SQLITE_ERROR"
    state = getattr(error.orig, "sqlstate", None)
    return state is None or state.startswith("08") or state in SERVER_GONE  # None: no connection was made


def _database_unavailable(error: SQLAlchemyError):
    """503 with Retry-After while the database is out of reach: people, API clients and Stripe try again."""
    if not is_outage(error):
        raise error  # a programming error stays a logged 500
    log.warning("database unavailable: %s", error)
    db.session.rollback()  # hand back the broken connection; the next request gets a fresh one
    message = "the database is unavailable; try again shortly" if _for_a_program() else MESSAGES[503]
    return error_response(503, "unavailable", message, {"Retry-After": str(RETRY_AFTER_SECONDS)})


def init_app(app):
    """Register the error pages (JSON for a program) and the 503 while the database is out of reach."""
    app.register_error_handler(HTTPException, _handle)  # unhandled exceptions arrive as a 500
    app.register_error_handler(Refused, _refused)
    app.register_error_handler(SecurityError, _untrusted_host)  # Flask raises it for a host not in TRUSTED_HOSTS
    app.register_error_handler(SQLAlchemyError, _database_unavailable)
