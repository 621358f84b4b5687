"""Checks of single values in the QHP files; each failure names the field and what is wrong."""

from __future__ import annotations

import re
from datetime import date

PLAN_ID = re.compile(r"^\d{5}[A-Z]{2}\d{7}$")
NPI = re.compile(r"^\d{10}$")
RXCUI = re.compile(r"^\d{1,8}$")
STATE = re.compile(r"^[A-Z]{2}$")
ZIP = re.compile(r"^(\d{5})(?:-?\d{4})?$")
FIRST_YEAR, LAST_YEAR = 2014, 2100


class FilesUnreadable(Exception):
    """An issuer's files cannot be read at all (no index, a missing file, not JSON)."""


class RecordInvalid(Exception):
    """One record cannot load; the message is the reason shown in the exceptions list."""


def text(record: dict, field: str, *, required: bool = True, limit: int = 300) -> str:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordInvalid(f"{field} is missing")
        return ""
    if not isinstance(value, str | int):
        raise RecordInvalid(f"{field} must be text")
    value = " ".join(str(value).split())
    if len(value) > limit:
        raise RecordInvalid(f"{field} is longer than {limit} characters")
    return value


def text_list(record: dict, *fields: str) -> tuple[str, ...]:
    """A list of free-form strings under the first field present (a lone string is a list
    of one); blank items are dropped."""
    for field in fields:
        if field in record and record[field] is not None:
            value = record[field]
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise RecordInvalid(f"{field} must be a list of text")
            return tuple(dict.fromkeys(" ".join(i.split()) for i in items if i.strip()))
    return ()


def plan_id(value) -> str:
    """The 14-character HIOS plan id (5-digit issuer, state, 7 digits)."""
    if not isinstance(value, str) or not PLAN_ID.match(value.strip()):
        raise RecordInvalid(
            f"plan_id {value!r} is not a 14-character HIOS plan id like 12345MA0010001"
        )
    return value.strip()


def plan_id_type(entry: dict) -> None:
    kind = entry.get("plan_id_type")
    if kind not in (None, "", "HIOS-PLAN-ID"):
        raise RecordInvalid(f"plan_id_type {kind!r} is not HIOS-PLAN-ID")


def npi(value) -> str:
    """A 10-digit NPI whose last digit is its check digit (45 CFR 162.406; the Luhn
    formula over the prefix 80840 and the first nine digits)."""
    raw = str(value).strip() if isinstance(value, str | int) else ""
    if not NPI.match(raw):
        raise RecordInvalid(f"npi {value!r} is not a 10-digit National Provider Identifier")
    if npi_check_digit(raw[:9]) != int(raw[9]):
        raise RecordInvalid(f"npi {raw} has a wrong check digit")
    return raw


def npi_check_digit(first_nine: str) -> int:
    """The NPI check digit: Luhn over '80840' + the first nine digits (CMS, "Requirements
    for the NPI check digit", NPPES)."""
    total = 0
    for position, char in enumerate(reversed("80840" + first_nine)):
        digit = int(char)
        if position % 2 == 0:  # every second digit from the right, starting with the last
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def rxcui(value) -> str:
    raw = str(value).strip() if isinstance(value, str | int) else ""
    if not RXCUI.match(raw):
        raise RecordInvalid(f"rxnorm_id {value!r} is not an RxNorm concept id (digits)")
    return raw


def years(entry: dict, default: tuple[int, ...] = ()) -> tuple[int, ...]:
    """The `years` array (plan years); `default` when the entry has none."""
    value = entry.get("years")
    if value is None:
        if default:
            return default
        raise RecordInvalid("years is missing")
    if not isinstance(value, list) or not value:
        raise RecordInvalid("years must be a list of plan years")
    found = []
    for item in value:
        year = int(item) if isinstance(item, int | str) and str(item).isdigit() else None
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            raise RecordInvalid(f"years holds {item!r}, which is not a plan year")
        found.append(year)
    return tuple(sorted(set(found)))


def tier(entry: dict, field: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise RecordInvalid(f"{field} is missing")
    return value.strip().upper()


def flag(entry: dict, field: str) -> bool | None:
    """An optional true/false; None when not given."""
    value = entry.get(field)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise RecordInvalid(f"{field} must be true or false")
    return value


def iso_date(value) -> date | None:
    """last_updated_on: an ISO date, or None when missing or not a date (informational)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def zip5(value) -> str:
    raw = str(value).strip() if isinstance(value, str | int) else ""
    match = ZIP.match(raw)
    if not match:
        raise RecordInvalid(f"zip {value!r} is not a 5-digit zip code")
    return match.group(1)


def objects(value, field: str) -> list[dict]:
    """A list of objects (a single object is a list of one)."""
    items = [value] if isinstance(value, dict) else value
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise RecordInvalid(f"{field} must be a list of objects")
    return items
