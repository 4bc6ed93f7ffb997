"""Links the shop hands out: local ones checked."""
from urllib.parse import urlsplit


def local_path(target: str | None, default: str = "/") -> str:
    """`target` if it is a plain path on this site, else `default` (no open redirects)."""
    if not target or any(ord(char) <= 0x20 or char in "\x7f\\" for char in target):
        return default  # browsers drop tabs and newlines ("/\t/evil" is "//evil") and read "\" as "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target

