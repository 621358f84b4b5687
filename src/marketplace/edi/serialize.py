"""`x12.EnrollmentTransaction` <-> JSON for the outbox payload (exact round trip)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from x12 import Address, EnrollmentTransaction, Member

_DATES = {
    "coverage_start",
    "coverage_end",
    "financial_effective_date",
    "maintenance_effective_date",
    "paid_through_date",
    "birth_date",
}
_MONEY = {
    "premium_total",
    "aptc_amount",
    "csr_amount",
    "state_subsidy_amount",
    "total_responsible_amount",
    "premium",
}


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def dump(txn: EnrollmentTransaction) -> dict:
    out = {}
    for name, value in vars(txn).items():
        if name == "members":
            out[name] = [_member(m) for m in value]
        elif name == "extra":
            out[name] = [list(pair) for pair in value]
        elif value is not None:
            out[name] = _plain(value.value if hasattr(value, "value") else value)
    return out


def _member(m: Member) -> dict:
    out = {}
    for name, value in vars(m).items():
        if name == "address":
            if value is not None:
                out[name] = {k: v for k, v in vars(value).items() if v is not None}
        elif name == "race_ethnicity":
            if value:
                out[name] = list(value)
        elif value is not None:
            out[name] = _plain(value.value if hasattr(value, "value") else value)
    return out


def _typed(name: str, value):
    if name in _DATES:
        return date.fromisoformat(value)
    if name in _MONEY:
        return Decimal(value)
    if name == "request_submit_timestamp":
        return datetime.fromisoformat(value)
    return value


def load(data: dict) -> EnrollmentTransaction:
    values = {"maintenance_reason": None, "issuer_hios_id": None, "plan_id": None}
    for name, value in data.items():
        if name == "members":
            values[name] = tuple(_load_member(m) for m in value)
        elif name == "extra":
            values[name] = tuple(tuple(pair) for pair in value)
        else:
            values[name] = _typed(name, value)
    return EnrollmentTransaction(**values)


def _load_member(data: dict) -> Member:
    values = {}
    for name, value in data.items():
        if name == "address":
            values[name] = Address(**value)
        elif name == "race_ethnicity":
            values[name] = tuple(value)
        else:
            values[name] = _typed(name, value)
    return Member(**values)
