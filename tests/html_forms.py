"""The forms and links of an HTML page, read as a browser without JavaScript reads them.

Used by tests and by the load test (tests/load) that drive the exchange over HTTP through its
real pages: each form's action and method, the fields a browser sends untouched (hidden inputs
such as the CSRF token, values, checked boxes, selected options), the choices of its boxes and
menus, and the page's links.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')


def links(html: str, pattern: str) -> list[str]:
    """The page's link targets matching `pattern` (a regular expression), in page order."""
    wanted = re.compile(pattern)
    found = [unescape(href) for href in LINK.findall(html)]
    return list(dict.fromkeys(href for href in found if wanted.search(href)))


class Forms(HTMLParser):
    """The forms of a page: each one's action, the fields a browser would send untouched
    (hidden inputs such as the CSRF token, values, checked boxes, selected options) and the
    choices of its boxes and menus. Enough for these pages (no textarea content)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action", ""),
                    "method": a.get("method", "get"),
                    "fields": [],
                    "choices": {},
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                value = a.get("value", "on")
                form["choices"].setdefault(a["name"], []).append(value)
                if "checked" in a:
                    form["fields"].append((a["name"], value))
            else:
                form["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._first_option, self._selected = a.get("name"), None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form["choices"].setdefault(self._select, []).append(value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                form["fields"].append((self._select, value))
                self._selected = True
        elif tag == "textarea" and a.get("name"):
            form["fields"].append((a["name"], ""))

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._selected and self._first_option is not None:
                self.forms[-1]["fields"].append((self._select, self._first_option))
            self._select = None

    def having(self, name: str = "csrfmiddlewaretoken", action: str | None = None) -> dict:
        """The first form with a field `name` (and the action attribute `action`, if given)."""
        for form in self.forms:
            names = {n for n, _ in form["fields"]} | set(form["choices"])
            if name in names and action in (None, form["action"]):
                return form
        raise LookupError(f"no form with a field {name!r} and action {action!r}")
