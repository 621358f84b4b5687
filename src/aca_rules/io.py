"""JSON contract of ``marketplace estimate`` (docs/contracts.md 4.2): input validation and
output."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from aca_rules import parameters as P
from aca_rules.determination import Determination, MemberResult
from aca_rules.engine import STATES
from aca_rules.fpl import medicaid_target_year
from aca_rules.household import (
    FILING_STATUSES,
    IMMIGRATION_STATUSES,
    RELATIONSHIPS,
    EmployerOffer,
    Household,
    Person,
)
from aca_rules.messages import Message

CENT = Decimal("0.01")
MAX_AGE = 120
MAX_PEOPLE = 30

_PERSON_BOOLS = {
    "tobacco": False,
    "pregnant": False,
    "aian": False,
    "citizen": True,
    "lawfully_present": True,
    "incarcerated": False,
    "has_mec": False,
    "seeking_coverage": True,
    "resident": True,
    "hardship_exemption": False,
    "medicaid_chip_denied": False,
}


class InputError(ValueError):
    """Invalid input; ``errors`` maps each bad field path to a plain-English message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def _number(
    value: Any, path: str, errors: dict[str, str], *, minimum: Decimal | None = Decimal(0)
) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        errors[path] = "must be a number"
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors[path] = "must be a number"
        return None
    if not number.is_finite():
        errors[path] = "must be a finite number"
        return None
    if minimum is not None and number < minimum:
        errors[path] = f"must not be negative (got {value})"
        return None
    return number


def _bool(obj: dict, key: str, default: bool, path: str, errors: dict[str, str]) -> bool:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        errors[f"{path}.{key}"] = "must be true or false"
        return default
    return value


def _tax_years(obj: dict, key: str, errors: dict[str, str]) -> tuple[int, ...]:
    """An optional list of tax years (whole numbers from 2014 to 2100)."""
    value = obj.get(key)
    if value is None:
        return ()
    ok = isinstance(value, list) and all(
        isinstance(y, int) and not isinstance(y, bool) and 2014 <= y <= 2100 for y in value
    )
    if not ok:
        errors[key] = "must be a list of tax years such as [2024, 2025]"
        return ()
    return tuple(sorted(set(value)))


#: Coverage years the input accepts at all; within them a year is refused only when a
#: required parameter has no value in force (ADR 0103).
FIRST_YEAR, LAST_YEAR = 2014, 2100


def _year(obj: dict, errors: dict[str, str], on: _dt.date | None = None) -> int | None:
    if "year" not in obj or obj["year"] is None:
        errors["year"] = "is required (coverage year, e.g. 2026)"
        return None
    year = obj["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        errors["year"] = "must be a whole number such as 2026"
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = f"must be a coverage year from {FIRST_YEAR} to {LAST_YEAR} (got {year})"
        return None
    missing = P.missing_for_year(year, medicaid_guideline_year=medicaid_target_year(year, on))
    if missing:
        errors["year"] = (
            f"coverage year {year} is not supported: these parameters have no value in force "
            f"for {year}: " + "; ".join(missing)
        )
        return None
    return year


def _offer(value: Any, path: str, errors: dict[str, str]) -> EmployerOffer | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        errors[path] = "must be an object with employee_premium, family_premium, min_value, or null"
        return None
    if "employee_premium" not in value or value["employee_premium"] is None:
        errors[f"{path}.employee_premium"] = "is required (monthly employee premium, self-only)"
        employee = None
    else:
        employee = _number(value["employee_premium"], f"{path}.employee_premium", errors)
    family = None
    if value.get("family_premium") is not None:
        family = _number(value["family_premium"], f"{path}.family_premium", errors)
    min_value = _bool(value, "min_value", True, path, errors)
    if employee is None:
        return None
    return EmployerOffer(employee_premium=employee, family_premium=family, min_value=min_value)


def _person(raw: Any, i: int, filing_status: str | None, errors: dict[str, str]) -> Person | None:
    """Member ``i``, or None (with its errors) when its age or relationship is invalid."""
    path = f"people[{i}]"
    if not isinstance(raw, dict):
        errors[path] = "must be an object"
        return None
    age = _age(raw.get("age"), path, errors)
    rel = _relationship(raw.get("relationship"), i, age, filing_status, path, errors)
    flags = {k: _bool(raw, k, d, path, errors) for k, d in _PERSON_BOOLS.items()}
    status = _immigration_status(raw, flags, path, errors)
    if flags["citizen"]:
        flags["lawfully_present"] = True
    mie = raw.get("medicaid_immigration_eligible")
    if mie is not None and not isinstance(mie, bool):
        errors[f"{path}.medicaid_immigration_eligible"] = "must be true, false or null"
        mie = None
    name = raw.get("name")
    if name is not None and not isinstance(name, str):
        errors[f"{path}.name"] = "must be a string"
        name = None
    offer = _offer(raw.get("esi_offer"), f"{path}.esi_offer", errors)
    if age is None or f"{path}.relationship" in errors:
        return None
    return Person(
        age=age,
        relationship=rel,
        esi_offer=offer,
        name=name,
        medicaid_immigration_eligible=mie,
        immigration_status=status,
        **flags,
    )


def _age(age: Any, path: str, errors: dict[str, str]) -> int | None:
    """The required age, a whole number of years from 0 to ``MAX_AGE``."""
    if age is None:
        errors[f"{path}.age"] = "is required"
    elif isinstance(age, bool) or not isinstance(age, int):
        if isinstance(age, float) and age.is_integer():
            age = int(age)
        else:
            errors[f"{path}.age"] = "must be a whole number of years"
            age = None
    if isinstance(age, int) and not 0 <= age <= MAX_AGE:
        errors[f"{path}.age"] = f"must be between 0 and {MAX_AGE} (got {age})"
        age = None
    return age


def _relationship(
    rel: Any, i: int, age: int | None, filing_status: str | None, path: str, errors: dict
) -> Any:
    """The relationship to the tax filer; when absent, the first member is ``self``, the
    second a ``spouse`` on a joint return (if an adult), the rest children under 26 or other
    dependents."""
    if rel is None:
        if i == 0:
            return "self"
        if i == 1 and filing_status == "married_joint" and isinstance(age, int) and age >= 18:
            return "spouse"
        return "child" if isinstance(age, int) and age < 26 else "other_dependent"
    if rel not in RELATIONSHIPS:
        errors[f"{path}.relationship"] = "must be one of " + ", ".join(RELATIONSHIPS)
    return rel


def _immigration_status(raw: dict, flags: dict, path: str, errors: dict[str, str]) -> str | None:
    """The optional immigration status of a non-citizen; ``none`` (no lawful status) makes
    the member not lawfully present, and an explicit ``lawfully_present: true`` contradicts
    it."""
    status = raw.get("immigration_status")
    if status is None:
        return None
    if status not in IMMIGRATION_STATUSES:
        errors[f"{path}.immigration_status"] = "must be one of " + ", ".join(IMMIGRATION_STATUSES)
        return None
    if flags["citizen"]:
        errors[f"{path}.immigration_status"] = (
            "is for a non-citizen only (set citizen: false, or leave it out)"
        )
        return None
    if status == "none":
        if raw.get("lawfully_present") is True:
            errors[f"{path}.immigration_status"] = (
                "'none' (no lawful status) contradicts lawfully_present: true"
            )
        flags["lawfully_present"] = False
    return status


def _optional_code(obj: dict, key: str, digits: int, errors: dict[str, str]) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value).zfill(digits)
    if not isinstance(value, str) or not re.fullmatch(rf"\d{{{digits}}}", value):
        errors[key] = f"must be a {digits}-digit code as a string"
        return None
    return value


def parse_household(obj: Any, *, allow_negative_income: bool = False) -> Household:
    """Validate one household of the docs/contracts.md 4.2 input; raise :class:`InputError`."""
    errors: dict[str, str] = {}
    if not isinstance(obj, dict):
        raise InputError({"input": "must be a JSON object describing one household"})
    on = _date(obj, "determination_date", errors)
    year = _year(obj, errors, on)
    state = _state(obj, errors)
    income = _income(obj, errors, allow_negative_income)
    filing_status = _filing_status(obj, errors)
    people = _people(obj.get("people"), filing_status, errors)
    benchmark = _optional_number(obj, "benchmark_premium", errors)
    program_premium = _optional_number(obj, "state_program_premium", errors)
    monthly = _optional_number(obj, "monthly_income", errors)
    county = _optional_code(obj, "countyfips", 5, errors)
    zipcode = _optional_code(obj, "zipcode", 5, errors)
    rating_area = obj.get("rating_area")
    if rating_area is not None and not isinstance(rating_area, str):
        errors["rating_area"] = "must be a string"
    mfs_exception = _bool(obj, "mfs_exception", False, "household", errors)
    tax_filer = _bool(obj, "tax_filer", True, "household", errors)
    income_unverified = _bool(obj, "income_unverified", False, "household", errors)
    ftr_tax_years = _tax_years(obj, "ftr_tax_years", errors)
    errors = {k.replace("household.", ""): v for k, v in errors.items()}
    if errors:
        raise InputError(errors)
    return Household(
        year=year,
        state=state,
        income=income,
        people=tuple(people),
        filing_status=filing_status,
        countyfips=county,
        zipcode=zipcode,
        benchmark_premium=benchmark,
        state_program_premium=program_premium,
        monthly_income=monthly,
        rating_area=rating_area,
        mfs_exception=mfs_exception,
        tax_filer=tax_filer,
        income_unverified=income_unverified,
        ftr_tax_years=ftr_tax_years,
        determination_date=on,
    )


def _state(obj: dict, errors: dict[str, str]) -> str | None:
    """The required two-letter state code (one of the 50 states or DC), upper-cased."""
    state = obj.get("state")
    if state is None:
        errors["state"] = "is required (two-letter state code, e.g. MA)"
    elif not isinstance(state, str) or state.strip().upper() not in STATES:
        errors["state"] = f"unknown state {state!r}: expected one of the 50 states or DC"
    else:
        state = state.strip().upper()
    return state


def _income(obj: dict, errors: dict[str, str], allow_negative: bool) -> Decimal | None:
    """The required projected annual household income (MAGI, 26 U.S.C. 36B(d)(2)), at
    least zero unless ``allow_negative``."""
    if "income" not in obj or obj["income"] is None:
        errors["income"] = "is required (projected annual household MAGI in USD)"
        return None
    minimum = None if allow_negative else Decimal(0)
    return _number(obj["income"], "income", errors, minimum=minimum)


def _filing_status(obj: dict, errors: dict[str, str]) -> str | None:
    """The tax filing status; when absent, married filing jointly if a member is a spouse,
    else single."""
    filing_status = obj.get("filing_status")
    people_raw = obj.get("people")
    if filing_status is None:
        has_spouse = isinstance(people_raw, list) and any(
            isinstance(p, dict) and p.get("relationship") == "spouse" for p in people_raw
        )
        return "married_joint" if has_spouse else "single"
    if filing_status not in FILING_STATUSES:
        errors["filing_status"] = "must be one of " + ", ".join(FILING_STATUSES)
        return None
    return filing_status


def _people(people_raw: Any, filing_status: str | None, errors: dict[str, str]) -> list[Person]:
    """The household's members: a non-empty list of at most ``MAX_PEOPLE``, with exactly
    one ``self`` and at most one ``spouse``."""
    people: list[Person] = []
    if people_raw is None:
        errors["people"] = "is required (a list of household members)"
    elif not isinstance(people_raw, list) or not people_raw:
        errors["people"] = "must be a non-empty list of household members"
    elif len(people_raw) > MAX_PEOPLE:
        errors["people"] = f"at most {MAX_PEOPLE} members"
    else:
        for i, raw in enumerate(people_raw):
            person = _person(raw, i, filing_status, errors)
            if person is not None:
                people.append(person)
        rels = [p.relationship for p in people]
        if len(people) == len(people_raw):
            if rels.count("self") != 1:
                errors["people"] = "exactly one member must have relationship 'self'"
            elif rels.count("spouse") > 1:
                errors["people"] = "at most one member may have relationship 'spouse'"
    return people


def _optional_number(obj: dict, key: str, errors: dict[str, str]) -> Decimal | None:
    """An optional non-negative amount in USD."""
    if obj.get(key) is None:
        return None
    return _number(obj[key], key, errors)


def _date(obj: dict, key: str, errors: dict[str, str]) -> _dt.date | None:
    """An optional ISO date (YYYY-MM-DD)."""
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    errors[key] = "must be a date as YYYY-MM-DD (e.g. 2026-11-27)"
    return None


def _money(v: Decimal | None) -> float | int | None:
    if v is None:
        return None
    q = v.quantize(CENT, ROUND_HALF_UP)
    return int(q) if q == q.to_integral_value() else float(q)


def _json_value(v: Any) -> Any:
    if isinstance(v, Message):
        return str(v)
    if isinstance(v, Decimal):
        return _money(v) if v.as_tuple().exponent >= -2 or abs(v) >= 1 else float(v)
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    return v


def _member(m: MemberResult) -> dict[str, Any]:
    return {
        "name": m.name,
        "age": m.age,
        "relationship": m.relationship,
        "medicaid": m.medicaid,
        "chip": m.chip,
        "medicaid_program": m.medicaid_program,
        "qhp": m.qhp,
        "aptc": m.aptc,
        "csr": m.csr,
        "catastrophic": m.catastrophic,
        "in_coverage_family": m.in_coverage_family,
        "reasons": [str(r) for r in m.reasons],
        "reason_codes": [r.to_json() for r in m.reasons],
    }


def _state_subsidy(subsidy: dict[str, Any] | None) -> dict[str, Any] | None:
    """The state program's result; its ``reason`` (and ``note``) in English, with their
    messages beside them as ``reason_code`` (``note_code``)."""
    if subsidy is None:
        return None
    out = _json_value(subsidy)
    for key in ("reason", "note"):
        value = subsidy.get(key)
        if isinstance(value, Message):
            out[f"{key}_code"] = value.to_json()
    return out


def determination_to_dict(det: Determination) -> dict[str, Any]:
    """The docs/contracts.md 4.2 output: JSON numbers, money to cents, percentage to 4 places.

    ``reasons`` and ``explanation`` are the English sentences; ``reason_codes`` (per member)
    and ``explanation_codes`` hold the same lines as message ids and JSON args, one for one,
    so a stored determination can be shown in another language
    (:func:`aca_rules.messages.localize`). Added to the contract (ADR 0103):
    ``fpl_percent_exact`` and ``unconfirmed_values``, the law values used that are not
    confirmed from primary text or not reviewed for the year, each with its parameter,
    state, effective date, value, how it was read, sources and why."""
    pct = det.applicable_percentage
    return {
        "year": det.year,
        "state": det.state,
        "household_size": det.household_size,
        "poverty_guideline": _money(det.poverty_guideline),
        "fpl_percent": det.fpl_percent,
        "applicable_percentage": None if pct is None else float(pct.quantize(Decimal("0.0001"))),
        "expected_contribution": _money(det.expected_contribution),
        "benchmark_premium": _money(det.benchmark_premium),
        "aptc": _money(det.aptc),
        "csr": det.csr,
        "state_subsidy": _state_subsidy(det.state_subsidy),
        "members": [_member(m) for m in det.members],
        "explanation": [str(line) for line in det.explanation],
        "explanation_codes": [line.to_json() for line in det.explanation],
        "rules_version": det.rules_version,
        "ptc_eligible": det.ptc_eligible,
        "medicaid_poverty_guideline": _money(det.medicaid_poverty_guideline),
        "medicaid_fpl_percent": _money(det.medicaid_fpl_percent),
        "medicaid_expansion": det.medicaid_expansion,
        "moop": _json_value(det.moop),
        "rating_area": det.rating_area,
        "fpl_percent_exact": _percent(det.fpl_percent_exact),
        "unconfirmed_values": [item.to_json() for item in det.unconfirmed_values],
    }


def _percent(value: Decimal | None) -> float | None:
    """The exact percent of the poverty line, truncated to 4 decimal places for JSON (the
    engine compares the unrounded figure)."""
    if value is None:
        return None
    return float(value.quantize(Decimal("0.0001"), ROUND_DOWN))
