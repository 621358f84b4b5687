"""One policy's Form 1095-A as data (the `figures` stored, printed and reported).

Part I: the Marketplace, the policy number, the issuer, the recipient (the subscriber, who
filed the application) and a spouse on the policy, the policy's start and end dates.
Part II: each covered individual with the dates they were covered. Dates of birth are given
instead of SSNs: the exchange keeps no SSN in plain text and the form takes a date of birth
when no SSN is given (Form 1095-A instructions, lines 5-6 and column C of Part II).
Part III: the twelve months and their totals (months.py).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.conf import settings

from marketplace.enrollment import states
from marketplace.form1095a.months import Segment, covered, monthly, totals

SPOUSE = "01"  # INS02 relationship code of a spouse


STATE_FIPS = {"MA": "25", "VT": "50", "NC": "37"}


def marketplace_id(state: str) -> str:
    """The Marketplace identifier (Part I line 1), in the shape seen in a state exchange's
    annual file ("02.DC*.SBE.001.001"): a placeholder until the IRS assigns the state's own,
    which the setting MARKETPLACE_1095A_ID then carries."""
    return settings.MARKETPLACE_1095A_ID or f"{STATE_FIPS.get(state, '00')}.{state}*.SBE.001.001"


def _person(member: dict) -> dict:
    return {
        "first_name": member["first_name"],
        "last_name": member["last_name"],
        "birth_date": member["birth_date"].isoformat(),
    }


def build(
    year: int, policy: dict, members: list[dict], segments: list[Segment], unpaid_from: date | None
) -> dict | None:
    """The statement, or None when the policy covered nobody in `year` (cancelled)."""
    start, end = policy["coverage_start"], policy["coverage_end"]
    if policy["status"] == states.CANCELLED or not covered(start, end, year):
        return None
    if policy.get("pended"):  # held for its period's documents: never sent, nothing covered
        return None
    last = min(end or date(year, 12, 31), date(year, 12, 31))
    months = monthly(year, start, last, segments, unpaid_from)
    people = []
    for m in members:
        until = min(m["coverage_end"] or last, last)
        if m["coverage_end"] is not None and m["coverage_end"] <= start:
            continue  # taken off before coverage began (cancelled from the begin date)
        people.append({**_person(m), "start": start.isoformat(), "end": until.isoformat()})
    subscriber = next((m for m in members if m["is_subscriber"]), members[0])
    spouse = next((m for m in members if m["relationship"] == SPOUSE), None)
    return {
        "year": year,
        "marketplace_id": marketplace_id(policy["state"]),
        "policy_id": policy["policy_id"],
        "issuer": policy["issuer__name"],
        "recipient": {
            **_person(subscriber),
            "address": {
                "street": policy["street"],
                "city": policy["city"],
                "state": policy["state"],
                "zipcode": policy["zipcode"],
            },
        },
        "spouse": _person(spouse) if spouse is not None else None,
        "policy_start": start.isoformat(),
        "policy_end": end.isoformat() if end is not None and end <= last else None,
        "covered": people,
        "months": [m.as_dict() for m in months],
        "totals": totals(months),
        "language": policy.get("language") or "en",
    }


def serialized(figures: dict | None) -> tuple[str, str]:
    """(the statement as JSON, its SHA-256): what is stored, and what a later run compares
    to know whether a month (or anything else) changed."""
    text = json.dumps(figures, sort_keys=True)
    return text, hashlib.sha256(text.encode()).hexdigest()


def digest(figures: dict | None) -> str:
    return serialized(figures)[1]
