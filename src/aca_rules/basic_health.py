"""Basic Health Programs (ACA 1331; 42 CFR 600.305) and the programs that replaced one.

Who: a resident aged 19 through 64 (42 CFR 600.305(a)(4): "64 years of age or younger";
the states' programs are for adults) who is not eligible for Medicaid/CHIP or other
minimum essential coverage - affordable employer coverage included, unaffordable excluded
(600.305(a)(3)) - and whose household income does not exceed the program's limit
(600.305(a)(2): "exceeds 133 percent but does not exceed 200 percent of the FPL", or up to
200 percent for lawfully present people ineligible for Medicaid because of their status).

Income: the current household income against the current poverty guideline, as for
Medicaid/CHIP - the states publish their limits as a percent of the current year's
guideline (OAR 410-200-0315(7): "200 percent of the 2024 Federal Poverty Level") - compared
exactly, never as a truncated whole percent.

When: the program in force on the day the determination is made, or on 1 January of the
coverage year for a determination made before the year begins (open enrollment); never
after 31 December of the coverage year.

Effect: an eligible person is not a qualified individual for a Marketplace plan (ACA
1331(e)(2); 42 CFR 600.300(a); Minn. Stat. 256L.04 subd. 1c), hence gets no APTC or CSR.
New York's Essential Plan under its section 1332 waiver (April 1, 2024 - June 30, 2026) was
not a BHP: its enrollees could still buy a Marketplace plan, at full price (``bars_qhp``
false).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from aca_rules import parameters as P
from aca_rules.household import Person
from aca_rules.messages import Message

PARAMETER = "basic_health_program"
#: Ages the programs cover (adults; 42 CFR 600.305(a)(4)).
MIN_AGE, MAX_AGE = 19, 64


class Program(NamedTuple):
    """A state's Basic Health Program (or its waiver replacement) in force on a date."""

    name: str
    max_fpl_percent: Decimal
    bars_qhp: bool


@lru_cache(maxsize=1024)
def program_date(year: int, determination_date: _dt.date | None) -> _dt.date:
    """The day whose program applies: the determination date within the coverage year, 1
    January for a determination made before the year (or without a date), 31 December for
    one made after it."""
    first, last = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    if determination_date is None:
        return first
    return min(max(determination_date, first), last)


@lru_cache(maxsize=1024)
def program_for(state: str, on: _dt.date) -> Program | None:
    """The state's program in force on ``on``, or None (no BHP; ``basic_health_program``)."""
    param = P.parameters()[PARAMETER]
    if not param.has_state(state):
        return None
    try:
        value = param.at(on, state)
    except KeyError:
        return None
    if value is None:
        return None
    return Program(str(value["program"]), Decimal(value["max_fpl_percent"]), value["bars_qhp"])


def eligible(person: Person, income_percent: Decimal, program: Program | None) -> bool:
    """Whether a member otherwise eligible for a Marketplace plan with APTC - not eligible
    for Medicaid/CHIP, other minimum essential coverage or affordable employer coverage
    (the caller checks those) - is eligible for the program: aged 19 to 64 with household
    income (``income_percent``, exact, of the current guideline) not above its limit."""
    return (
        program is not None
        and MIN_AGE <= person.age <= MAX_AGE
        and income_percent <= program.max_fpl_percent
    )


def reason(program: Program, state: str) -> Message:
    """Why an eligible member gets no APTC: the program bars a Marketplace plan (ACA
    1331(e)(2); 42 CFR 600.300(a)), or, under a section 1332 waiver that is not a BHP, the
    member may buy one at full price only."""
    args = {"program": program.name, "state": state, "limit": program.max_fpl_percent}
    if program.bars_qhp:
        return Message("qhp.basic_health_program", args)
    return Message("aptc.bhp_waiver", args)
