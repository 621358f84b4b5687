"""Value formatting and clean-up shared by the writer and the reader.

Dates are D8 (CCYYMMDD); money is a decimal with an explicit point and two places, as the
2750 categories carry it (CMS FFE companion guide v7.2 Table 10).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache


@lru_cache(maxsize=4096)
def format_date(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def parse_date(value: str) -> date:
    if len(value) != 8 or not (value.isascii() and value.isdigit()):
        raise ValueError(f"not a CCYYMMDD date: {value!r}")
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


def format_money(value: Decimal) -> str:
    return f"{value:.2f}"


def parse_money(value: str) -> Decimal:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not a decimal amount: {value!r}")
    return amount


def format_timestamp(value: datetime) -> str:
    """CCYYMMDDHHMMSSss, the REQUEST SUBMIT TIMESTAMP format."""
    return value.strftime("%Y%m%d%H%M%S") + f"{value.microsecond // 10000:02d}"


def parse_timestamp(value: str) -> datetime:
    if not (value.isascii() and value.isdigit()) or len(value) not in (14, 16):
        raise ValueError(f"not a CCYYMMDDHHMMSS[ss] timestamp: {value!r}")
    stamp = datetime.strptime(value[:14], "%Y%m%d%H%M%S")
    hundredths = int(value[14:] or "0")
    return stamp.replace(microsecond=hundredths * 10000)


class Cleaner:
    """Makes free text safe for one delimiter set: ASCII only, no delimiter characters.

    Names and addresses are upper-cased (exchange convention); delimiter characters and control
    characters become spaces, runs of spaces collapse, and the ends are trimmed.
    """

    def __init__(self, delimiters: str) -> None:
        table = {ord(c): " " for c in delimiters}
        table.update({c: " " for c in range(32)})
        table[127] = " "
        self._table = table

    def __call__(self, value: str, upper: bool = True) -> str:
        if not value.isascii():
            value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
        value = value.translate(self._table)
        if "  " in value:
            value = " ".join(value.split())
        value = value.strip()
        return value.upper() if upper else value
