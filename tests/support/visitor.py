"""A buyer over real HTTP: its own cookies, forms posted with their CSRF tokens."""
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar


class Visitor:
    """One browser's worth of HTTP: a cookie jar, no automatic redirects."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect)

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post_form(self, path: str, form_page: str, **fields) -> tuple[int, str]:
        """POST `fields` with the CSRF token that `form_page` hands out."""
        return self.post(path, self.csrf_token(form_page), **fields)

    def csrf_token(self, form_page: str) -> str:
        """The CSRF token `form_page` hands out to this visitor (valid for the session's every form)."""
        status, page = self.get(form_page)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if token is None:
            raise NoForm(f"{form_page} answered {status} without a form")
        return token.group(1)

    def post(self, path: str, token: str, **fields) -> tuple[int, str]:
        """POST `fields` with a CSRF token fetched before (so several visitors can post at the same instant)."""
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        return self._open(urllib.request.Request(self.base + path, data=data, method="POST"))

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            with answer:
                return answer.code, answer.read().decode()


class NoForm(LookupError):
    """The page that should hold the form has none (a sold-out product, an empty cart)."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 comes back as an answer, with its Location
