"""Error pages: HTML with a way back for people, JSON `{"error": ...}` under /api/."""
from flask import jsonify, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from shop.catalog.filters import BadFilter

MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    403: _l("Tài khoản của bạn không có quyền xem trang này."),
    404: _l("Không tìm thấy trang hoặc sản phẩm này."),
    405: _l("Phương thức không được hỗ trợ."),
    413: _l("Tệp gửi lên quá lớn."),
    429: _l("Bạn đã thử quá nhiều lần. Xin đợi một phút rồi thử lại."),
    500: _l("Đã có lỗi phía máy chủ. Xin thử lại sau."),
}


def api_error(status: int, code: str, message: str):
    """A JSON error response in the API's one shape."""
    return jsonify(error={"code": code, "message": message}), status


def error_response(status: int, code: str, message: str, headers=()):
    """An error as its reader needs it: the API's JSON under /api/, else the error page in the visitor's language."""
    if request.path.startswith("/api/"):
        return *api_error(status, code, message), headers
    return render_template("errors/error.html", status=status, message=message), status, headers


def _handle(error: HTTPException):
    """An HTTP error, keeping the headers that belong to it (a 405's Allow, a 503's Retry-After)."""
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    message = error.description if request.path.startswith("/api/") else MESSAGES.get(error.code, error.description)
    return error_response(error.code, error.name.lower().replace(" ", "_"), message, headers)


def _bad_filter(error: BadFilter):
    reason = str(error)
    message = reason if request.path.startswith("/api/") else gettext("Bộ lọc không hợp lệ: %(reason)s", reason=reason)
    return error_response(400, "bad_parameter", message)


def register_error_pages(app):
    app.register_error_handler(HTTPException, _handle)  # unhandled exceptions arrive as a 500
    app.register_error_handler(BadFilter, _bad_filter)
