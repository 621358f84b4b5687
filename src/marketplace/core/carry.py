"""What a person typed while window shopping, carried to the application in their session.

Window shopping keeps the household in the address, never in a session (ADR 0400). Only
when the person asks to apply ("Apply for coverage", "Choose this plan") does the shopping
page put a copy in the session, so that after signing in (or creating an account in the
same browser) the application starts with it, and the eligibility result can continue
with the plan they chose. The shopping pages write it and the application pages read it:
neither imports the other; this module and its plain-data shape are the contract.

Household (a dict of JSON types)::

    {"zipcode": "02108", "countyfips": "25025", "income": "35000.00", "year": 2027,
     "people": [{"age": 40, "relationship": "self", "tobacco": false, "pregnant": false,
                 "aian": false, "seeking_coverage": true}, ...]}

Plan: ``{"id": "12345MA0010001", "name": "...", "year": 2027}``.
"""

from __future__ import annotations

HOUSEHOLD_KEY = "marketplace.carried_household"
PLAN_KEY = "marketplace.carried_plan"


def remember(session, household: dict, plan: dict | None = None) -> None:
    session[HOUSEHOLD_KEY] = household
    if plan:
        session[PLAN_KEY] = plan
    else:
        session.pop(PLAN_KEY, None)


def household(session) -> dict | None:
    value = session.get(HOUSEHOLD_KEY)
    return value if isinstance(value, dict) and value.get("people") else None


def plan(session) -> dict | None:
    value = session.get(PLAN_KEY)
    return value if isinstance(value, dict) and value.get("id") else None


def forget_household(session) -> None:
    """The application took the household in: the session need not keep it."""
    session.pop(HOUSEHOLD_KEY, None)
