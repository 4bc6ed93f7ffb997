"""Links the shop hands out: absolute ones from SHOP_URL (never from the request), local ones checked."""
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.sansio.utils import get_current_url


def external_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` under SHOP_URL, in a request or outside one (CLI, mail jobs).

    A request's Host header (or X-Forwarded-Host) never reaches a link: a forged
    one cannot send a password-reset link to another site.
    """
    shop = urlsplit(current_app.config["SHOP_URL"])
    adapter = current_app.url_map.bind(shop.netloc, script_name=shop.path or "/", url_scheme=shop.scheme)
    return adapter.build(endpoint, values, force_external=True)


def page_url() -> str:
    """The address of the page being answered, under SHOP_URL (a link preview's og:url)."""
    shop = urlsplit(current_app.config["SHOP_URL"])
    return get_current_url(shop.scheme, shop.netloc, shop.path, request.path, request.query_string)


def static_url(filename: str) -> str:
    """The path of the static file `filename`: built once per process and mount point, as nothing else (neither the
    Host nor the visitor) goes into it."""
    return _static_path(request.script_root, filename)


@lru_cache(maxsize=256)
def _static_path(_script_root: str, filename: str) -> str:
    """url_for's path of the static file `filename` in this request, for the application mounted at `_script_root`."""
    return url_for("static", filename=filename)


def local_path(target: str | None, default: str = "/") -> str:
    """`target` if it is a plain path on this site, else `default` (no open redirects)."""
    if not target or any(ord(char) <= 0x20 or char in "\x7f\\" for char in target):
        return default  # browsers drop tabs and newlines ("/\t/evil" is "//evil") and read "\" as "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def init_app(app):
    """Offer templates absolute links from SHOP_URL, `external_url(...)` and `page_url()`, and `static_url(...)`."""
    app.jinja_env.globals.update(external_url=external_url, page_url=page_url, static_url=static_url)
