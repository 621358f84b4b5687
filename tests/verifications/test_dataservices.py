"""Each simulator's documented answers for test identities (marketplace.dataservices)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from marketplace.dataservices.base import ImmigrationDocument, Outcome, Person
from marketplace.dataservices.income import reasonably_compatible
from marketplace.dataservices.registry import services
from marketplace.dataservices.simulated import (
    SimulatedCoverage,
    SimulatedIncome,
    SimulatedSAVE,
    SimulatedSSA,
)

MARIA = Person("Maria", "Garcia", date(1986, 3, 1), "123450011")
DOWN = Person("Dana", "Unavailable", date(1980, 1, 1), "123450011")


def test_ssa_verifies_a_matching_person_and_citizenship():
    answer = SimulatedSSA().verify(MARIA, citizenship=True)
    assert answer.ssn.outcome is Outcome.VERIFIED
    assert answer.citizenship.outcome is Outcome.VERIFIED


def test_ssa_mismatches_an_ssn_ending_0000():
    answer = SimulatedSSA().verify(Person("A", "B", None, "123450000"), citizenship=False)
    assert answer.ssn.outcome is Outcome.MISMATCH
    assert answer.citizenship is None


def test_ssa_cannot_confirm_citizenship_for_an_ssn_ending_0001():
    answer = SimulatedSSA().verify(Person("A", "B", None, "123450001"), citizenship=True)
    assert answer.ssn.verified and answer.citizenship.outcome is Outcome.MISMATCH


def test_save_does_not_verify_a_document_number_starting_with_9():
    save = SimulatedSAVE()
    assert save.verify(MARIA, ImmigrationDocument("i551", "912345678")).outcome is Outcome.MISMATCH
    assert save.verify(MARIA, ImmigrationDocument("i551", "123456789")).verified


def test_income_answers_by_ssn():
    income = SimulatedIncome()
    assert income.annual_income(Person("A", "B", None, "123451111"), tax_year=2024).outcome is (
        Outcome.NO_DATA
    )
    high = income.annual_income(Person("A", "B", None, "123452222"), tax_year=2024)
    assert high.annual_income == Decimal("90000")
    assert income.annual_income(MARIA, tax_year=2024).annual_income is None  # agrees


def test_coverage_finds_medicare_for_an_ssn_ending_5555():
    answer = SimulatedCoverage().check(Person("A", "B", None, "123455555"))
    assert answer.outcome is Outcome.MISMATCH and answer.data == {"coverage": "medicare"}
    assert SimulatedCoverage().check(MARIA).verified


@pytest.mark.parametrize(
    "call",
    [
        lambda: SimulatedSSA().verify(DOWN, citizenship=True).ssn,
        lambda: SimulatedSAVE().verify(DOWN, ImmigrationDocument("i94", "1")),
        lambda: SimulatedIncome().annual_income(DOWN, tax_year=2024),
        lambda: SimulatedCoverage().check(DOWN),
    ],
)
def test_every_service_is_unavailable_for_the_last_name_unavailable(call):
    assert call().outcome is Outcome.UNAVAILABLE


def test_answers_never_carry_the_ssn():
    answer = SimulatedSSA().verify(MARIA, citizenship=True)
    assert "123450011" not in repr(answer)


def test_settings_choose_the_simulators(settings):
    settings.MARKETPLACE_DATA_SERVICES = "simulated"
    assert isinstance(services().ssa, SimulatedSSA)


@pytest.mark.parametrize(
    ("attested", "reported", "compatible"),
    [
        (52000, 52000, True),
        (60000, 52000, True),  # attested above the data
        (40000, 52000, True),  # short by 12,000 <= 25% of 52,000 = 13,000
        (38000, 52000, False),  # short by 14,000
        (15000, 20000, True),  # short by 5,000 <= the $6,000 floor
        (30000, 90000, False),
    ],
)
def test_reasonable_compatibility(attested, reported, compatible):
    assert reasonably_compatible(Decimal(attested), Decimal(reported)) is compatible
