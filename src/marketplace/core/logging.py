"""Log filters. Personal data never reaches a log line."""

from __future__ import annotations

import logging
import re

# Social Security numbers written with or without dashes.
_SSN = re.compile(r"\b\d{3}-?\d{2}-?\d{4}\b")


class RedactPersonalData(logging.Filter):
    """Masks anything shaped like an SSN in the formatted message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SSN.search(message):
            record.msg = _SSN.sub("***-**-****", message)
            record.args = ()
        return True
