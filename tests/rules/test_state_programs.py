"""Which plans a state program pays for, and how much of a plan's premium it may pay."""

from decimal import Decimal

import pytest

from aca_rules.states import (
    ProgramPlan,
    applied_state_subsidy,
    plan_programs,
    program_for,
    program_name,
)


def test_connectorcare_pays_only_toward_connectorcare_plans():
    """956 CMR 12.04(3): the state subsidy is for ConnectorCare plans."""
    program = program_for("MA")
    assert program.pays_for("ma_connectorcare", "silver")
    assert not program.pays_for(None, "silver")
    assert not program.pays_for(None, "gold")


def test_vermont_premium_assistance_pays_toward_every_plan_the_credit_does():
    """33 V.S.A. 1812(a)(3): the same plans as the federal credit; none for catastrophic
    plans (IRC 36B(c)(3)(A))."""
    program = program_for("VT")
    assert program.pays_for(None, "bronze") and program.pays_for(None, "gold")
    assert not program.pays_for(None, "catastrophic")


@pytest.mark.parametrize(
    ("monthly", "premium", "aptc", "pays", "expected"),
    [
        ("54.65", "565.09", "457.44", True, "54.65"),  # the lowest ConnectorCare plan
        ("54.65", "500.00", "457.44", True, "42.56"),  # never more than what is left
        ("54.65", "400.00", "400.00", True, "0.00"),  # nothing left after the credit
        ("54.65", "565.09", "457.44", False, "0.00"),  # a plan the program does not pay for
        ("0", "565.09", "457.44", True, "0.00"),
    ],
)
def test_the_state_pays_at_most_the_premium_left_after_the_credit(
    monthly, premium, aptc, pays, expected
):
    amount = applied_state_subsidy(Decimal(monthly), Decimal(premium), Decimal(aptc), pays)
    assert amount == Decimal(expected)


def test_programs_name_their_own_plans_and_results():
    assert plan_programs() == {"ma_connectorcare": "MA"}
    assert program_name("ma_connectorcare") == "ConnectorCare"
    assert program_name("vt_premium_assistance") == "Vermont Premium Assistance"
    assert program_for("NC") is None


def test_cost_sharing_levels_by_year():
    assert program_for("MA").cost_sharing_levels(2026) == ("1", "2A", "2B", "3A", "3B", "3C", "3D")
    assert program_for("VT").cost_sharing_levels(2026) == ("94", "87", "77", "73")


def test_connectorcare_for_some_of_the_household_follows_the_enrollees():
    """956 CMR 12.04(3)(c): the Enrollee's premium with "the full amount of APTC available to
    that Enrollee". Lena Haddad alone (tests/changes/test_members_enrolled_later.py): the
    lowest-cost ConnectorCare plan for her $494.26 (EHB $489.96), her credit $154.28, Plan
    Type 3A $103 a person: 494.26 - 154.28 - 103 = $236.98 (the couple's was $143.99)."""
    stored = {"enrollee_premium_per_person": 103, "monthly": 143.99}
    plan = ProgramPlan("52386MA0020090", Decimal("494.26"), Decimal("489.96"))
    amount = program_for("MA").monthly_for_enrollees(
        stored, plan=plan, aptc=Decimal("154.28"), benchmark=Decimal("484.28"), enrollees=1
    )
    assert amount == Decimal("236.98")
    # A credit above the plan's EHB premium pays only the EHB premium (26 CFR 1.36B-3(j)).
    assert program_for("MA").monthly_for_enrollees(
        stored, plan=plan, aptc=Decimal("600"), benchmark=Decimal("700"), enrollees=1
    ) == Decimal("0.00")
    assert (
        program_for("MA").monthly_for_enrollees(
            stored, plan=None, aptc=Decimal(0), benchmark=Decimal(0), enrollees=1
        )
        is None
    )


@pytest.mark.parametrize(
    ("benchmark", "aptc", "expected"),
    [
        ("539.77", "209.77", "43.75"),  # her benchmark leaves the contribution: unchanged
        ("250.00", "220.00", "30.00"),  # never more than her benchmark left after the credit
        ("200.00", "0.00", "43.75"),
    ],
)
def test_vermont_premium_assistance_stays_the_households(benchmark, aptc, expected):
    """33 V.S.A. 1812(a)(2): premium assistance lowers the household's contribution (its
    applicable percentage of household income less 1.5 points), which does not change with
    who enrolls: $35,000 x 1.5% / 12 = $43.75 for one member or all, capped only at what the
    enrollees' own benchmark leaves after their credit."""
    stored = {"monthly": 43.75}
    amount = program_for("VT").monthly_for_enrollees(
        stored, plan=None, aptc=Decimal(aptc), benchmark=Decimal(benchmark), enrollees=1
    )
    assert amount == Decimal(expected)
