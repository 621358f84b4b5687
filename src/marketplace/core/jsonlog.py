"""Structured log lines: one JSON object per line, for the log pipeline to index.

`event("request", route=..., status=...)` writes one line to the `marketplace.events` logger,
which settings.LOGGING formats with `JsonFormatter`. The fields of each event are listed in
docs/howto/logs.md. Values are ids, codes, counts and times, never personal data: the
formatter still passes every string through core/redact.py, so an e-mail address or an
SSN-shaped number that slipped into a field comes out masked.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from functools import lru_cache

from marketplace.core import request_id
from marketplace.core.redact import redact_text

EVENTS = logging.getLogger("marketplace.events")


def event(name: str, level: int = logging.INFO, **fields) -> None:
    """Log one structured event (request, job, ...) with its fields.

    The record is made here and handed to the logger's handlers (their filters and
    formatters as configured), without `Logger.log`'s search of the call stack for the
    caller's file and line, which no event line shows and which cost as much as the rest."""
    if EVENTS.isEnabledFor(level):
        record = logging.LogRecord(EVENTS.name, level, "", 0, name, (), None)
        record.event_fields = fields
        EVENTS.handle(record)


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "event", "request_id", ...fields}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": _time(record),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            "logger": record.name,
        }
        fields = getattr(record, "event_fields", None) or {}
        line.update({key: _clean(value) for key, value in fields.items()})
        line.setdefault("request_id", request_id.current())
        return json.dumps(line, separators=(",", ":"), default=str)


_second: tuple[int, str] = (-1, "")  # the last second formatted, and its text


def _time(record: logging.LogRecord) -> str:
    """UTC, ISO 8601 with milliseconds (2026-12-03T07:36:06.123+00:00); the date and time
    of day formatted once per second."""
    global _second
    second = int(record.created)
    seen, text = _second
    if seen != second:
        text = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        _second = (second, text)
    return f"{text}.{int(record.msecs):03d}+00:00"


def _clean(value):
    if isinstance(value, str):
        return _redacted(value) if len(value) <= _CACHED_LENGTH else redact_text(value)
    return value


_CACHED_LENGTH = 200


@lru_cache(maxsize=4096)
def _redacted(value: str) -> str:
    """redact_text, remembered: most values recur on every line (routes, methods, roles,
    job kinds), and redacting a route means parsing it as a URL."""
    return redact_text(value)
