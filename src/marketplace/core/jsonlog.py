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

from marketplace.core import request_id
from marketplace.core.redact import redact_text

EVENTS = logging.getLogger("marketplace.events")


def event(name: str, level: int = logging.INFO, **fields) -> None:
    """Log one structured event (request, job, ...) with its fields."""
    if EVENTS.isEnabledFor(level):
        EVENTS.log(level, name, extra={"event_fields": fields})


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "event", "request_id", ...fields}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            "logger": record.name,
        }
        fields = getattr(record, "event_fields", None) or {}
        line.update({key: _clean(value) for key, value in fields.items()})
        line.setdefault("request_id", request_id.current())
        return json.dumps(line, separators=(",", ":"), default=str)


def _clean(value):
    if isinstance(value, str):
        return redact_text(value)
    return value
