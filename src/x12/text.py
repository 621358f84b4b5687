"""Value formatting and clean-up shared by the writer and the reader.

Dates are D8 (CCYYMMDD); money is a decimal with an explicit point and two places, as the
2750 categories carry it (CMS FFE companion guide v7.2 Table 10).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from anyascii import anyascii


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


#: Unicode general categories kept (then transliterated): letters, marks, numbers and
#: punctuation. Separators become spaces; symbols (emoji, currency, maths) and the invisible
#: controls and format characters (a byte-order mark U+FEFF, zero-width joiners) are dropped.
_KEPT_CATEGORIES = frozenset("LMNP")


def transliterate(value: str) -> str:
    """Any script to ASCII, the way the insurer can read it (docs/adr/0501-names-in-834s.md).

    The 834's character set is the X12 basic and extended set (TR3 005010X220A1 appendix
    B.1.1.2; docs/puf-and-834.md B.1): printable ASCII only. X12 RFI 2212 (x12.org) says a letter
    outside it is sent as its equivalent without diacritical marks (PEÑA -> PENA); for whole
    names in other scripts we use AnyAscii's transliteration (Cyrillic, Greek, Arabic, Han,
    Hangul, ...: "Иван Петров" -> "Ivan Petrov"), so no letter is silently lost. ASCII text
    is returned unchanged.
    """
    if value.isascii():
        return value
    kept = []
    for char in unicodedata.normalize("NFC", value):
        if char.isascii():
            kept.append(char)
            continue
        category = unicodedata.category(char)[0]
        if category in _KEPT_CATEGORIES:
            kept.append(char)
        elif category == "Z":
            kept.append(" ")
    return anyascii("".join(kept))


def has_letter(value: str) -> bool:
    """True when `value` holds at least one ASCII letter (a usable name once written)."""
    return any("A" <= char <= "Z" or "a" <= char <= "z" for char in value)


class Cleaner:
    """Makes free text safe for one delimiter set: the X12 character set, no delimiters.

    Text in other scripts is transliterated first (`transliterate`); names and addresses are
    upper-cased (exchange convention); delimiter characters and control characters become
    spaces, runs of spaces collapse, and the ends are trimmed.
    """

    def __init__(self, delimiters: str) -> None:
        table = {ord(c): " " for c in delimiters}
        table.update({c: " " for c in range(32)})
        table[127] = " "
        self._table = table

    def __call__(self, value: str, upper: bool = True) -> str:
        if not value.isascii():
            value = transliterate(value)
        value = value.translate(self._table)
        if "  " in value:
            value = " ".join(value.split())
        value = value.strip()
        return value.upper() if upper else value
