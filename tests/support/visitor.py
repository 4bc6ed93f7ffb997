"""A buyer over real HTTP: its own cookies, forms posted with their CSRF tokens."""
import re
import secrets
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

    def post_files(self, path: str, token: str, files: dict, **fields) -> tuple[int, str]:
        """POST a multipart form: `fields`, and `files` as {field: (file name, bytes)}, with a CSRF token."""
        boundary = secrets.token_hex(16)
        parts = [_part(boundary, f'name="{name}"', str(value).encode())
                 for name, value in {**fields, "csrf_token": token}.items()]
        parts += [_part(boundary, f'name="{name}"; filename="{filename}"', data)
                  for name, (filename, data) in files.items()]
        request = urllib.request.Request(self.base + path, data=b"".join(parts) + f"--{boundary}--\r\n".encode(),
                                         method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            with answer:
                return answer.code, answer.read().decode()


def _part(boundary: str, disposition: str, data: bytes) -> bytes:
    """One part of a multipart form."""
    return f"--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n".encode() + data + b"\r\n"


class NoForm(LookupError):
    """The page that should hold the form has none (a sold-out product, an empty cart)."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 comes back as an answer, with its Location
