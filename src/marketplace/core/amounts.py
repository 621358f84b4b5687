"""Dollar amounts as people type them, read the same way on every form (pure, no Django).

The rules (docs/adr/0601-amounts-and-the-tax-credit-term.md):

- A "$" and spaces are ignored; a leading minus sign makes the amount negative.
- A group separator splits off groups of exactly three digits: "35,000", "1,234,567",
  "1.234.567" (the first group has one to three digits).
- A decimal mark is followed by one or two digits (cents): "35000.5", "35000,50".
- Both marks in one amount: the last one is the decimal mark, the other groups thousands:
  "35,000.50" and "35.000,50" both mean 35000.50.
- One mark followed by exactly three digits ("35,000", "35.000") is a thousands group, never
  cents, except that in English "35.000" is refused as ambiguous: an English reader sees
  thirty-five dollars, a reader from most Spanish-speaking countries thirty-five thousand.
  In Spanish both "35.000" and "35,000" mean 35000 (the Spanish pages write money as
  CuidadoDeSalud.gov does, "$35,000.00", and many Spanish speakers write "35.000").
- Anything else is refused with the reason, never guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

WHITESPACE = re.compile(r"[\s\u00a0\u202f]+")
DIGITS_AND_MARKS = re.compile(r"^[0-9.,]+$")
MINUS_SIGNS = ("-", "\u2212")


class AmountError(ValueError):
    """Why a typed amount cannot be read: "invalid", "ambiguous", "cents" or "negative"."""

    def __init__(self, reason: str, typed: str):
        super().__init__(reason)
        self.reason = reason
        self.typed = typed


def parse_amount(raw: str, language: str = "en", *, allow_negative: bool = False) -> Decimal:
    """The amount `raw` means on a page in `language` ("en" or "es"); AmountError if it
    cannot be read without guessing. Blank input is the caller's business (not allowed)."""
    typed = raw.strip()
    text = WHITESPACE.sub("", typed)
    negative = text.startswith(MINUS_SIGNS)
    if negative:
        text = text[1:]
    text = text.removeprefix("$")
    if text.startswith(MINUS_SIGNS) and not negative:  # "$-1,200"
        negative, text = True, text[1:]
    if not text or not DIGITS_AND_MARKS.match(text) or not any(c.isdigit() for c in text):
        raise AmountError("invalid", typed)
    value = _unsigned(text, language, typed)
    if negative and value:
        if not allow_negative:
            raise AmountError("negative", typed)
        value = -value
    return value


def _unsigned(text: str, language: str, typed: str) -> Decimal:
    marks = [c for c in text if c in ".,"]
    if not marks:
        return Decimal(text)
    if len(set(marks)) == 2:
        decimal_mark = marks[-1]
        whole, cents = text.rsplit(decimal_mark, 1)
        group_mark = "," if decimal_mark == "." else "."
        if decimal_mark in whole:
            raise AmountError("invalid", typed)
        return _with_cents(_grouped(whole, group_mark, typed), cents, typed)
    mark = marks[0]
    if len(marks) > 1:
        return Decimal(_grouped(text, mark, typed))
    whole, tail = text.split(mark)
    if len(tail) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        if mark == "." and language != "es":
            raise AmountError("ambiguous", typed)
        return Decimal(whole + tail)
    return _with_cents(whole or "0", tail, typed)


def _grouped(text: str, mark: str, typed: str) -> str:
    """The digits of "1,234,567" (groups of three after a first group of one to three)."""
    groups = text.split(mark)
    first, rest = groups[0], groups[1:]
    if not 1 <= len(first) <= 3 or any(len(g) != 3 for g in rest):
        raise AmountError("invalid", typed)
    return "".join(groups)


def _with_cents(whole: str, cents: str, typed: str) -> Decimal:
    if len(cents) > 2:
        raise AmountError("cents", typed)
    if not whole.isdigit() or (cents and not cents.isdigit()):
        raise AmountError("invalid", typed)
    return Decimal(f"{whole}.{cents}" if cents else whole)
