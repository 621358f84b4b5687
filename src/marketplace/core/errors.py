"""Describing an error without the personal data its message may carry.

An exception's text can quote what it choked on: a name, an address, an e-mail address, the
DETAIL line of a database error ("Key (email)=(...) already exists"). Stored errors (a job's
`last_error`) and log lines keep the exception's type and where it was raised, and its text
only when the exception class says its messages never hold personal data
(`personal_data_free = True`, e.g. x12.X12WriteError, which names fields, not values).
"""

from __future__ import annotations

import traceback

LEFT_OUT = "(message left out: it may hold personal data)"


def message_is_safe(exc: BaseException) -> bool:
    return bool(getattr(type(exc), "personal_data_free", False))


def summary(exc: BaseException) -> str:
    """`Type: message` for a safe exception, else `Type (message left out ...)`."""
    name = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if message_is_safe(exc):
        return f"{name}: {exc}"
    return f"{name} {LEFT_OUT}"


def describe(exc: BaseException, limit: int = 8) -> str:
    """A traceback without exception messages: the frames (file, line, function, source
    line) of the exception and of its causes, each closed by `summary`."""
    parts = []
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__, limit=limit)
        lines = ["Traceback (most recent call last):", *traceback.format_list(frames)]
        parts.append(
            "".join(line if line.endswith("\n") else line + "\n" for line in lines)
            + summary(current)
        )
        current = current.__cause__ or current.__context__
    return "\n\nWhile handling or caused by:\n".join(reversed(parts))
