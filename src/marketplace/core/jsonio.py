"""JSON output for decimals: money and percentages leave as JSON numbers, never as strings.

A Decimal with at most 15 significant digits converts to the float whose shortest text is the
same number, so 533.73 prints as 533.73 and 0.0643 as 0.0643; whole numbers print as integers.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def plain(value: Any) -> Any:
    """The value with every Decimal turned into an int or a float of the same text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(plain(value), indent=indent, ensure_ascii=False)
