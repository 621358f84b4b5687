"""Parsers for PUF cell values (docs/puf-and-834.md A.0). Each raises ValueError with a short
reason."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

NOT_APPLICABLE = {"", "not applicable", "n/a", "na", "none"}
_MONEY = re.compile(r"^\$?\s*(\d[\d,]*(?:\.\d+)?)")
#: A plain non-negative decimal, as the Rate PUF writes its rates.
DECIMAL_TEXT = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_RATING_AREA = re.compile(r"^(?:rating\s*area\s*)?0*(\d{1,3})$", re.IGNORECASE)
_AGE_BAND = re.compile(r"^(\d{1,2})\s*-\s*(\d{1,2})$")
_AGE_OVER = re.compile(r"^(\d{1,2})\s+and\s+over$", re.IGNORECASE)

FAMILY_OPTION = "family option"


def money(text: str) -> Decimal | None:
    """'$6,500', '$4500 per person', '6500.00' -> Decimal; 'Not Applicable' or blank -> None."""
    cleaned = text.strip()
    if cleaned.lower() in NOT_APPLICABLE:
        return None
    match = _MONEY.match(cleaned)
    if not match:
        raise ValueError(f"not an amount of money: {text!r}")
    return Decimal(match.group(1).replace(",", ""))


def rate(text: str) -> str:
    """A Rate PUF rate ('295.69') checked and returned as text, ready for the database."""
    cleaned = text.strip()
    if not DECIMAL_TEXT.fullmatch(cleaned):
        raise ValueError(f"not a rate (a plain decimal number of dollars): {text!r}")
    return cleaned


def optional_rate(text: str) -> str | None:
    cleaned = text.strip()
    if cleaned.lower() in NOT_APPLICABLE:
        return None
    return rate(cleaned)


def yes_no(text: str, default: bool | None = None) -> bool:
    """'Yes'/'No' (also 'Y'/'N', 'True'/'False', '1'/'0'); blank -> default."""
    cleaned = text.strip().lower()
    if cleaned in {"yes", "y", "true", "1"}:
        return True
    if cleaned in {"no", "n", "false", "0"}:
        return False
    if cleaned in NOT_APPLICABLE and default is not None:
        return default
    raise ValueError(f"expected Yes or No: {text!r}")


def share(text: str) -> Decimal:
    """EHBPercentTotalPremium: '0.9845', '98.45%' or '1' -> a fraction in (0, 1]."""
    cleaned = text.strip()
    if cleaned.lower() in NOT_APPLICABLE:
        return Decimal(1)
    percent = cleaned.endswith("%")
    try:
        value = Decimal(cleaned.rstrip("%").strip())
    except ArithmeticError:
        raise ValueError(f"not a number: {text!r}") from None
    if percent or value > 1:
        value = value / 100
    if not (Decimal(0) < value <= Decimal(1)):
        raise ValueError(f"must be between 0 and 1 (or 0% and 100%): {text!r}")
    return value.quantize(Decimal("0.000001"))


def rating_area(text: str) -> int:
    """'Rating Area 3' (or '3') -> 3."""
    match = _RATING_AREA.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"not a rating area (e.g. 'Rating Area 3'): {text!r}")
    return int(match.group(1))


def age_band(text: str) -> tuple[int | None, int | None]:
    """'0-14' -> (0, 14); '30' -> (30, 30); '64 and over' -> (64, 64); 'Family Option' ->
    (None, None)."""
    cleaned = text.strip()
    if cleaned.isdigit():
        age = int(cleaned)
        if age > 64:
            raise ValueError(f"age above 64 needs 'and over': {text!r}")
        return age, age
    if cleaned.lower() == FAMILY_OPTION:
        return None, None
    match = _AGE_BAND.match(cleaned)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if low <= high <= 64:
            return low, high
    match = _AGE_OVER.match(cleaned)
    if match and int(match.group(1)) <= 64:
        age = int(match.group(1))
        return age, age
    raise ValueError(
        f"not an age band ('0-14', '15' ... '63', '64 and over', 'Family Option'): {text!r}"
    )


def plain_date(text: str) -> date:
    """'2026-01-01', '2026-01-01 00:00:00' or '1/1/2026' -> a date."""
    cleaned = text.strip().split(" ")[0].split("T")[0]
    try:
        if "/" in cleaned:
            month, day, year = (int(part) for part in cleaned.split("/"))
            return date(year, month, day)
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD or M/D/YYYY): {text!r}") from None


def fips(text: str) -> str:
    """A 5-digit county FIPS code; '29027.0' (a spreadsheet's float) and '1001' are repaired."""
    cleaned = text.strip()
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit() or not (4 <= len(cleaned) <= 5):
        raise ValueError(f"not a 5-digit county FIPS code: {text!r}")
    return cleaned.zfill(5)


def zipcode(text: str) -> str:
    cleaned = text.strip()
    if cleaned.isdigit() and len(cleaned) in (3, 4):
        cleaned = cleaned.zfill(5)  # a spreadsheet dropped the leading zeros
    if not (cleaned.isdigit() and len(cleaned) == 5):
        raise ValueError(f"not a 5-digit zip code: {text!r}")
    return cleaned


def zipcode_list(text: str) -> list[str]:
    """The Service Area PUF's ZipCodes cell: '16677, 16801, 16802' -> a list."""
    return [zipcode(part) for part in re.split(r"[,;\s]+", text.strip()) if part]
