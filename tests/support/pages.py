"""Read pages as people do: the words they see, and a form as a browser sends it (the values the page fills in,
its selected options and checked boxes)."""
import re
from html import unescape
from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, action: str | None):
        super().__init__()
        self.action, self.fields, self._inside, self._select, self._textarea = action, {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = self.action is None or attrs.get("action", "") == self.action
        elif not self._inside or attrs.get("disabled") is not None:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("file", "submit", "button"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs.get("name")
            self.fields.setdefault(self._select, None)
        elif tag == "option" and self._select and (self.fields[self._select] is None or "selected" in attrs):
            self.fields[self._select] = attrs.get("value", "")  # the first option unless one is selected
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            text = self.fields[self._textarea] + data
            self.fields[self._textarea] = text.removeprefix("\r\n").removeprefix("\n")  # as browsers drop it

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def filled_form(html: str, action: str | None = None) -> dict:
    """The fields of the page's form posting to `action` (None: every form), as the page holds them."""
    form = _Form(action)
    form.feed(html)
    return form.fields


def visible_text(html: str) -> str:
    """The words a page shows: no tags, attributes, scripts or styles; white space folded."""
    body = re.sub(r"<(script|style)\b.*?</\1>|<[^>]*>", " ", html, flags=re.S)
    return " ".join(unescape(body).split())
