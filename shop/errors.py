"""Error pages: HTML with a way back for people, JSON `{"error": ...}` under /api/."""
from flask import jsonify, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, SecurityError

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


def _handle(error: HTTPException):
    if request.path.startswith("/api/"):
        return api_error(error.code, error.name.lower().replace(" ", "_"), error.description)
    message = MESSAGES.get(error.code, error.description)
    return render_template("errors/error.html", status=error.code, message=message), error.code


def _bad_filter(error: BadFilter):
    if request.path.startswith("/api/"):
        return api_error(400, "bad_parameter", str(error))
    message = gettext("Bộ lọc không hợp lệ: %(reason)s", reason=str(error))
    return render_template("errors/error.html", status=400, message=message), 400


def _untrusted_host(error: SecurityError):
    """A Host (or X-Forwarded-Host) the shop does not answer to: nothing may be built from it, not even a link."""
    message = gettext("Chợ OCOP không phục vụ tên miền này.")
    if request.path.startswith("/api/"):
        return api_error(400, "untrusted_host", message)
    return render_template("errors/untrusted_host.html", message=message), 400


def register_error_pages(app):
    app.register_error_handler(HTTPException, _handle)  # unhandled exceptions arrive as a 500
    app.register_error_handler(BadFilter, _bad_filter)
    app.register_error_handler(SecurityError, _untrusted_host)  # Flask raises it for a host not in TRUSTED_HOSTS
