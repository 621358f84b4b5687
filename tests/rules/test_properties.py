"""Property tests (hypothesis) over the determination."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from aca_rules import Household, Person, determine
from aca_rules.fpl import poverty_guideline

YEARS = st.sampled_from([2024, 2025, 2026])
STATES = st.sampled_from(["TX", "OH", "AK", "HI", "MA", "VT", "GA", "NY", "CA", "FL"])
INCOME = st.integers(min_value=-10_000, max_value=400_000).map(Decimal)
BENCH = st.integers(min_value=0, max_value=5_000).map(Decimal)


@st.composite
def people(draw):
    adults = draw(st.integers(min_value=1, max_value=2))
    out = [
        Person(
            age=draw(st.integers(min_value=19, max_value=70)),
            relationship="self",
            aian=draw(st.booleans()),
        )
    ]
    if adults == 2:
        out.append(Person(age=draw(st.integers(min_value=19, max_value=70)), relationship="spouse"))
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        out.append(Person(age=draw(st.integers(min_value=0, max_value=25)), relationship="child"))
    return tuple(out)


def _household(year, state, income, members, bench):
    status = "married_joint" if any(p.relationship == "spouse" for p in members) else "single"
    return Household(
        year=year,
        state=state,
        income=income,
        people=members,
        filing_status=status,
        benchmark_premium=bench,
    )


@settings(max_examples=300, deadline=None)
@given(YEARS, STATES, INCOME, people(), BENCH)
def test_aptc_never_negative(year, state, income, members, bench):
    det = determine(_household(year, state, income, members, bench))
    assert det.aptc is None or det.aptc >= 0


@settings(max_examples=300, deadline=None)
@given(YEARS, STATES, INCOME, st.integers(min_value=0, max_value=50_000), people(), BENCH)
def test_aptc_never_rises_with_income(year, state, income, raise_by, members, bench):
    """Holding Medicaid/CHIP status fixed (they change the coverage family), more income
    never buys more APTC."""
    low = determine(_household(year, state, income, members, bench))
    high = determine(_household(year, state, income + raise_by, members, bench))
    same_family = [m.in_coverage_family for m in low.members] == [
        m.in_coverage_family for m in high.members
    ]
    if same_family and low.aptc is not None and high.aptc is not None:
        assert high.aptc <= low.aptc


@settings(max_examples=300, deadline=None)
@given(YEARS, STATES, INCOME, st.integers(min_value=0, max_value=50_000), people(), BENCH)
def test_expected_contribution_monotone(year, state, income, raise_by, members, bench):
    low = determine(_household(year, state, income, members, bench))
    high = determine(_household(year, state, income + raise_by, members, bench))
    if low.expected_contribution is not None and high.expected_contribution is not None:
        assert high.expected_contribution >= low.expected_contribution


@given(st.sampled_from([2023, 2024, 2025, 2026]), STATES, st.integers(min_value=1, max_value=15))
def test_adding_a_member_never_lowers_the_guideline(gyear, state, size):
    assert poverty_guideline(gyear, state, size + 1) >= poverty_guideline(gyear, state, size)


@settings(max_examples=200, deadline=None)
@given(YEARS, STATES, INCOME, people(), BENCH)
def test_medicaid_chip_members_never_in_coverage_family(year, state, income, members, bench):
    det = determine(_household(year, state, income, members, bench))
    for m in det.members:
        if m.medicaid or m.chip:
            assert not m.aptc and not m.in_coverage_family
