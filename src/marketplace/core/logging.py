"""Log filters. Personal data and secrets never reach a log line.

`RedactPersonalData` (on every handler of settings.LOGGING) rewrites each record: token path
segments and secret query values (core/redact.py), e-mail addresses and SSN-shaped numbers
come out of the message; an exception's traceback keeps its frames and type but not its
message, unless the exception says its messages hold no personal data (core/errors.py).
"""

from __future__ import annotations

import logging

from marketplace.core.errors import describe
from marketplace.core.redact import redact_text


class RedactPersonalData(logging.Filter):
    """Masks secrets and personal data in the formatted message and the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = redact_text(describe(record.exc_info[1]))
        return True
