"""Take secrets and personal data out of text bound for a log (access log, app log, errors).

- Secret path segments: the URL parameters named in SECRET_PARAMETERS (the password-reset
  `uidb64`/`token`, the e-mail verification and e-mail change `token`) of every route that
  has them, found in the URL configuration itself, so a new link that carries a token is
  redacted without anyone remembering to list it.
- Query-string values whose names say they are secret (token, key, code, password, ...).
- Anything shaped like an e-mail address or a Social Security number.

Used by core/logging.py (every app log line) and core/gunicorn_logging.py (the access log).
A logged reset link replayed from a fresh session used to set a new password: now the log
says /account/password/reset/[redacted]/[redacted]/.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "[redacted]"
SECRET_PARAMETERS = frozenset({"token", "uidb64", "key", "code"})
SECRET_QUERY = re.compile(
    r"(?i)^(token|key|code|otp|password|passwd|secret|signature|sig|auth|session|sessionid)$"
)
_SSN = re.compile(r"\b\d{3}-?\d{2}-?\d{4}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PATHISH = re.compile(r"/[^\s\"'<>]*")


@lru_cache(maxsize=1)
def _secret_routes() -> tuple[re.Pattern, ...]:
    """A regex per route with a secret parameter, from the project's URL configuration."""
    try:
        from django.urls import URLPattern, URLResolver, get_resolver

        root = get_resolver()
    except Exception:  # Django not configured (e.g. the gunicorn master): nothing to add
        return ()
    found: list[re.Pattern] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            regex = entry.pattern.regex.pattern.lstrip("^").removesuffix(r"\Z")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + regex)
            elif isinstance(entry, URLPattern):
                compiled = re.compile("/" + prefix + regex + r"\Z")
                if SECRET_PARAMETERS & set(compiled.groupindex):
                    found.append(compiled)

    walk(root.url_patterns, "")
    return tuple(found)


def redact_path(path: str) -> str:
    """/account/verify/<token>/ -> /account/verify/[redacted]/ (every secret parameter)."""
    for route in _secret_routes():
        match = route.match(path)
        if match is None:
            continue
        out, last = [], 0
        for name in sorted(SECRET_PARAMETERS & set(route.groupindex), key=match.start):
            if match.group(name) is None:
                continue
            out += [path[last : match.start(name)], REDACTED]
            last = match.end(name)
        return "".join(out) + path[last:]
    return path


def redact_query(query: str) -> str:
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(SECRET_QUERY.match(name) for name, _ in pairs):
        return query
    cleaned = [(n, REDACTED if SECRET_QUERY.match(n) else v) for n, v in pairs]
    return urlencode(cleaned, safe="[]")


def redact_url(url: str) -> str:
    """A full URL or a path with its query string."""
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=redact_path(parts.path), query=redact_query(parts.query)))


def redact_text(text: str) -> str:
    """Every URL path in free text, then e-mail addresses and SSNs."""
    if "/" in text:
        text = _PATHISH.sub(lambda m: redact_url(m.group(0)), text)
    if "@" in text:
        text = _EMAIL.sub("[e-mail]", text)
    return _SSN.sub("***-**-****", text)
