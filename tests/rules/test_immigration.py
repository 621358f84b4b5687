"""Immigration status, the determination date and the catastrophic income hardship in the
engine (ADR 0102). The YAML cases (cases/immigration.yaml, year_2027.yaml) pin the rules;
these tests check the wiring through ``determine`` and properties over random households."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from case_runner import check_lines
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aca_rules import Household, Person, basic_health, determination_to_dict, determine
from aca_rules import parameters as P
from aca_rules.household import IMMIGRATION_STATUSES, LAWFULLY_PRESENT_STATUSES
from aca_rules.immigration import medicaid_immigration, ptc_immigration

ELIGIBLE_ALIENS = {"lpr_5", "lpr_recent", "lpr_exempt", "cuban_haitian", "cofa"}


def test_the_status_parameters_use_the_vocabulary():
    for name in ("ptc_eligible_immigration_statuses", "medicaid_eligible_immigration_statuses"):
        for _, statuses in P.parameters()[name].values:
            assert set(statuses) <= set(LAWFULLY_PRESENT_STATUSES), name
    assert set(P.get("ptc_eligible_immigration_statuses", 2026)) == set(LAWFULLY_PRESENT_STATUSES)
    assert set(P.get("ptc_eligible_immigration_statuses", 2027)) == ELIGIBLE_ALIENS


# --- 2027 through determine() --------------------------------------------------------------
# 2027 is answered (the law stays in force, ADR 0103); these check the wiring of the 2027
# immigration rule through whole determinations.


def _nc_2027(*people: Person, income: int = 20000) -> Household:
    status = "married_joint" if any(p.relationship == "spouse" for p in people) else "single"
    return Household(
        year=2027,
        state="NC",
        income=Decimal(income),
        people=people,
        filing_status=status,
        benchmark_premium=Decimal(900),
        determination_date=date(2026, 11, 27),
    )


def _ids(member) -> list[str]:
    return [r.id for r in member.reasons]


def test_2027_a_refugee_may_buy_a_qhp_without_aptc_or_csr():
    # 30,000 / 15,960 (2026 guideline, 2027 APTC) = 187%: above Medicaid, in the 87 band.
    det = determine(
        _nc_2027(Person(age=40, citizen=False, immigration_status="refugee"), income=30000)
    )
    member = det.members[0]
    assert member.qhp and not member.aptc and member.csr is None
    assert "aptc.not_eligible_alien" in _ids(member)
    assert not member.in_coverage_family and not det.ptc_eligible and det.aptc == Decimal("0.00")
    assert det.medicaid_poverty_guideline == Decimal(15960)  # in effect on 2026-11-27


@pytest.mark.parametrize("status", sorted(ELIGIBLE_ALIENS))
def test_2027_an_eligible_alien_gets_aptc(status):
    det = determine(
        _nc_2027(Person(age=40, citizen=False, immigration_status=status), income=30000)
    )
    assert det.members[0].aptc and det.csr == "87" and det.aptc > 0


def test_2027_no_status_fails_safe_with_a_reason_asking_for_it():
    det = determine(_nc_2027(Person(age=40, citizen=False), income=30000))
    member = det.members[0]
    assert member.qhp and not member.aptc
    assert "aptc.immigration_status_needed" in _ids(member)


def test_2027_mixed_household_only_the_citizen_is_in_the_coverage_family():
    det = determine(
        _nc_2027(
            Person(age=40, relationship="self"),
            Person(age=38, relationship="spouse", citizen=False, immigration_status="other_lawful"),
            income=45000,
        )
    )
    citizen, spouse = det.members
    assert citizen.aptc and citizen.in_coverage_family
    assert spouse.qhp and not spouse.aptc and not spouse.in_coverage_family
    # The household size (the FPL percent) still counts the spouse (IRC 36B(e)(1)(B)).
    assert det.household_size == 2


def test_2027_a_missing_reduced_moop_is_null_with_a_line_saying_so():
    # 23,000 / 15,960 = 144%: above NC Medicaid (138%), CSR 94, whose 2027 reduced limit
    # was not found.
    det = determine(_nc_2027(Person(age=40), income=23000))
    assert not det.members[0].medicaid and det.csr == "94"
    assert det.moop is None
    ids = [line.id for line in det.explanation]
    assert "csr.moop_not_available" in ids
    assert determination_to_dict(det)["moop"] is None
    check_lines(determination_to_dict(det))


def test_2027_standard_moop_is_shown():
    det = determine(_nc_2027(Person(age=40), income=90000))
    assert det.csr is None and det.moop == {"self": Decimal(12000), "family": Decimal(24000)}


# --- Properties --------------------------------------------------------------------------

STATUS = st.sampled_from([None, *IMMIGRATION_STATUSES])
STATES = st.sampled_from(["TX", "NC", "CA", "NY", "MA", "VT", "FL", "OH"])


@st.composite
def households(draw, years=(2024, 2025, 2026), dated=True):
    people = []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        citizen = draw(st.booleans())
        status = None if citizen else draw(STATUS)
        people.append(
            Person(
                age=draw(st.integers(min_value=0, max_value=80)),
                relationship="self" if i == 0 else "child",
                citizen=citizen,
                lawfully_present=citizen or status != "none",
                immigration_status=status,
                pregnant=draw(st.booleans()),
                hardship_exemption=draw(st.booleans()),
            )
        )
    on = None
    if dated and draw(st.booleans()):
        on = draw(st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 6, 30)))
    return Household(
        year=draw(st.sampled_from(years)),
        state=draw(STATES),
        income=Decimal(draw(st.integers(min_value=0, max_value=200_000))),
        people=tuple(people),
        benchmark_premium=draw(st.none() | st.integers(0, 3000).map(Decimal)),
        determination_date=on,
    )


@settings(max_examples=200, deadline=None)
@given(households())
def test_every_line_renders_in_both_languages_with_statuses_and_dates(household):
    check_lines(determination_to_dict(determine(household)))


@settings(max_examples=200, deadline=None)
@given(households(years=(2024, 2025), dated=False))
def test_a_date_within_the_coverage_year_changes_nothing_before_2026(household):
    """Keep today's behaviour: for 2024/2025 coverage, a determination dated after the
    coverage year's guideline was published (and before 2026-10-01) is the undated one -
    except where a Basic Health Program changed between 1 January and the date (New York's
    waiver program from 2024-04-01), and for the publication table a dated determination
    reads (listed among its unconfirmed values when it is not reviewed)."""
    on = date(household.year, 6, 1)
    assume(
        basic_health.program_for(household.state, date(household.year, 1, 1))
        == basic_health.program_for(household.state, on)
    )
    dated = Household(**{**_fields(household), "determination_date": on})
    one, other = (
        determination_to_dict(determine(dated)),
        determination_to_dict(determine(household)),
    )
    for result in (one, other):
        result["unconfirmed_values"] = [
            u
            for u in result["unconfirmed_values"]
            if u["parameter"] != "poverty_guideline_published"
        ]
    assert one == other


def _fields(household: Household) -> dict:
    return {name: getattr(household, name) for name in household.__dataclass_fields__}


@settings(max_examples=200, deadline=None)
@given(households(years=(2026,), dated=False))
def test_the_medicaid_narrowing_never_adds_medicaid(household):
    """For 2026 coverage, a determination after 2026-10-01 finds Medicaid/CHIP for no member
    the one on 2026-09-30 did not (Pub. L. 119-21 71109 only narrows)."""
    before = determine(Household(**{**_fields(household), "determination_date": date(2026, 9, 30)}))
    after = determine(Household(**{**_fields(household), "determination_date": date(2026, 11, 27)}))
    for b, a in zip(before.members, after.members, strict=True):
        if a.medicaid or a.chip:
            assert b.medicaid or b.chip


@given(STATUS, st.sampled_from([2024, 2025, 2026, 2027, 2028]))
def test_ptc_statuses_only_narrow(status, year):
    person = Person(age=40, citizen=False, immigration_status=status)
    if ptc_immigration(person, year) is None:
        assert ptc_immigration(person, 2026) is None
    if year >= 2027:
        assert (ptc_immigration(person, year) is None) == (status in ELIGIBLE_ALIENS)


@given(STATUS, st.dates(min_value=date(2026, 10, 1), max_value=date(2030, 1, 1)))
def test_after_the_medicaid_change_only_lprs_past_the_bar_entrants_and_cofa(status, on):
    person = Person(
        age=40, citizen=False, lawfully_present=status != "none", immigration_status=status
    )
    ok = medicaid_immigration(person, on) is None
    assert ok == (status in {"lpr_5", "lpr_exempt", "cuban_haitian", "cofa"})


@settings(max_examples=200, deadline=None)
@given(households(years=(2026,)))
def test_catastrophic_over_30_needs_an_exemption(household):
    det = determine(household)
    lower, upper = 100, 400
    income_bars_aptc = det.fpl_percent < lower or det.fpl_percent > upper
    for person, member in zip(household.people, det.members, strict=True):
        if member.catastrophic and person.age >= 30:
            assert person.hardship_exemption or (
                income_bars_aptc and household.state not in ("CA", "CT", "DC", "MD")
            )
