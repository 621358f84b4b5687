"""The state Medicaid/CHIP agency's finding of ineligibility in the engine (docs/adr/0713):
a person the agency found not eligible is not assessed for Medicaid or CHIP again and is
determined for a plan with the premium tax credit like anyone else not eligible for that
coverage (42 CFR 435.1200(e); 26 CFR 1.36B-2(c)(2)(iv)). The input names it per person;
the input snapshot carries it only when it is given, so every other household's snapshot
is as it was."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aca_rules import InputError, determination_to_dict, determine
from aca_rules.household_dict import household_to_dict
from aca_rules.io import parse_household


def _household(denied: bool, income: int = 45000, child_age: int = 10) -> dict:
    child = {"age": child_age, "relationship": "child"}
    if denied:
        child["medicaid_chip_denied"] = True
    return {
        "year": 2027,
        "state": "MA",
        "countyfips": "25025",
        "zipcode": "02108",
        "income": income,
        "filing_status": "head_of_household",
        "benchmark_premium": 900,
        "people": [{"age": 40, "relationship": "self"}, child],
    }


def test_a_child_the_chip_agency_turned_down_gets_the_credit():
    assessed = determine(parse_household(_household(denied=False)))
    accepted = determine(parse_household(_household(denied=True)))
    assert assessed.members[1].chip and not assessed.members[1].aptc
    child = accepted.members[1]
    assert not child.chip and not child.medicaid and child.qhp and child.aptc
    assert accepted.aptc == assessed.aptc > 0  # the same household benchmark given here
    assert child.csr == accepted.members[0].csr
    reasons = determination_to_dict(accepted)["members"][1]["reasons"]
    assert any("agency found this person not eligible" in line for line in reasons)


def test_the_snapshot_names_the_finding_only_when_given():
    denied = household_to_dict(parse_household(_household(denied=True)))["people"]
    assert denied[1]["medicaid_chip_denied"] is True and "medicaid_chip_denied" not in denied[0]
    assessed = household_to_dict(parse_household(_household(denied=False)))
    assert "medicaid_chip_denied" not in str(assessed)


def test_a_finding_that_is_not_a_boolean_is_refused_by_name():
    data = _household(denied=False)
    data["people"][1]["medicaid_chip_denied"] = "yes"
    with pytest.raises(InputError) as refused:
        parse_household(data)
    assert "people[1].medicaid_chip_denied" in str(refused.value.errors)


@settings(max_examples=60, deadline=None)
@given(income=st.integers(10000, 120000), age=st.integers(0, 18))
def test_the_finding_never_gives_medicaid_or_chip_and_never_lowers_the_credit(income, age):
    assessed = determine(parse_household(_household(False, income, age)))
    accepted = determine(parse_household(_household(True, income, age)))
    child = accepted.members[1]
    assert not child.medicaid and not child.chip
    assert Decimal(accepted.aptc or 0) >= Decimal(assessed.aptc or 0)
    if assessed.members[1].chip or assessed.members[1].medicaid:
        assert child.qhp  # a child in the state, seeking coverage: a plan is open to them
