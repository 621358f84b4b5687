"""The parameter files: law in force until it changes, per-value provenance, and the list of
unconfirmed values each determination carries (ADR 0103)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from aca_rules import EmployerOffer, Household, Person, determination_to_dict, determine
from aca_rules import parameters as P
from aca_rules.parameters.loader import parameter

SOURCES = {
    "law": {
        "title": "The statute",
        "href": "https://example.gov/law",
        "read": "primary",
        "read_on": "2026-12-02",
    },
    "copy": {
        "title": "A copy",
        "href": "https://example.org/copy",
        "read": "secondary",
        "read_on": "2026-12-02",
    },
}


def _spec(values, sources=SOURCES, **extra):
    return {
        "description": "A figure",
        "unit": "USD",
        "reviewed_through": 2027,
        "reference": [{"title": "The statute", "href": "https://example.gov/law"}],
        "sources": sources,
        "values": values,
        **extra,
    }


def test_a_value_holds_from_its_date_until_a_newer_one():
    p = parameter(
        "figure",
        _spec(
            {
                "2024-01-01": {"value": 10, "from": ["law"]},
                "2026-07-01": {"value": 12, "from": ["copy"]},
            }
        ),
        "test.yaml",
    )
    assert p.at(dt.date(2026, 6, 30)) == Decimal(10)
    assert p.at(dt.date(2026, 7, 1)) == Decimal(12)
    assert p.at(dt.date(2040, 1, 1)) == Decimal(12)
    with pytest.raises(KeyError):
        p.at(dt.date(2023, 12, 31))
    assert p.entry_at(dt.date(2025, 1, 1)).how_read == "primary"
    assert p.entry_at(dt.date(2027, 1, 1)).how_read == "secondary"


def test_a_null_value_is_a_value_in_force():
    p = parameter("figure", _spec({"2024-01-01": {"value": None, "from": ["law"]}}), "t.yaml")
    assert p.at(dt.date(2030, 1, 1)) is None


@pytest.mark.parametrize(
    ("values", "sources", "message"),
    [
        ({"2024-01-01": 10}, SOURCES, "{value: ..., from: [sources]}"),
        ({"2024-01-01": {"value": 10, "from": ["nowhere"]}}, SOURCES, "unknown source"),
        ({"2024-01-01": {"value": 10, "from": []}}, SOURCES, "at least one source"),
        (
            {"2024-01-01": {"value": 10, "from": ["law"]}},
            {"law": {**SOURCES["law"], "read": "heard"}},
            "read must be one of",
        ),
        (
            {"2024-01-01": {"value": 10, "from": ["law"]}},
            {"law": {**SOURCES["law"], "read_on": "yesterday"}},
            "read_on must be a date",
        ),
        (
            {"2024-01-01": {"value": 10, "from": ["law"]}},
            {"law": {"title": "No link", "read": "primary", "read_on": "2026-12-02"}},
            "needs a title and an href",
        ),
    ],
)
def test_a_malformed_parameter_is_refused_naming_it(values, sources, message):
    with pytest.raises(ValueError, match="figure") as info:
        parameter("figure", _spec(values, sources), "t.yaml")
    assert message in str(info.value)


def test_a_parameter_without_a_review_marker_is_refused():
    spec = _spec({"2024-01-01": {"value": 1, "from": ["law"]}})
    del spec["reviewed_through"]
    with pytest.raises(ValueError, match="reviewed_through"):
        parameter("figure", spec, "t.yaml")


def test_the_older_form_still_loads_with_its_reading_not_recorded():
    spec = {
        "description": "A state figure",
        "unit": "USD",
        "confirmed_through": 2026,
        "reference": [{"title": "A page", "href": "https://example.org"}],
        "values": {"2024-01-01": 5},
    }
    p = parameter("old", spec, "states/old.yaml")
    assert p.reviewed_through == 2026
    assert p.entry_at(dt.date(2025, 1, 1)).how_read == P.NOT_RECORDED


# --- The 2027 figures entered (issue 11) ----------------------------------------------------


def test_the_published_2027_figures_are_in_force():
    table = P.get("applicable_percentage_table", 2027)
    assert [(b["low"], b["initial"], b["final"]) for b in table] == [
        (0, Decimal("0.0215"), Decimal("0.0215")),
        (133, Decimal("0.0323"), Decimal("0.0430")),
        (150, Decimal("0.0430"), Decimal("0.0678")),
        (200, Decimal("0.0678"), Decimal("0.0866")),
        (250, Decimal("0.0866"), Decimal("0.1022")),
        (300, Decimal("0.1022"), Decimal("0.1022")),
    ]
    assert P.get("affordability_threshold", 2027) == Decimal("0.1022")
    assert P.get("moop", 2027)["standard"] == {"self": Decimal(12000), "family": Decimal(24000)}
    # Not published: the 2027 reduced limits of the CSR variants stay null.
    assert [P.get("moop", 2027)[v] for v in ("94", "87", "73")] == [None, None, None]
    guideline = P.get("poverty_guidelines", 2026)
    assert guideline["contiguous"] == {"base": Decimal(15960), "increment": Decimal(5680)}
    assert guideline["AK"] == {"base": Decimal(19950), "increment": Decimal(7100)}
    assert guideline["HI"] == {"base": Decimal(18360), "increment": Decimal(6530)}


def test_how_each_2027_figure_was_read_is_recorded():
    params = P.parameters()
    on = dt.date(2027, 1, 1)
    assert params["applicable_percentage_table"].entry_at(on).how_read == P.SECONDARY
    assert params["affordability_threshold"].entry_at(on).how_read == P.SECONDARY
    assert params["moop"].entry_at(on).how_read == P.SECONDARY
    guideline = params["poverty_guidelines"].entry_at(2026)
    assert guideline.how_read == P.PRIMARY  # ASPE's own table
    assert guideline.read_on == dt.date(2026, 12, 2)


def test_every_value_in_force_records_how_it_was_read():
    """Issue 11: each value records its source and how it was read (primary text, or
    secondary copies that agree); no parameter file is left in the older form."""
    unrecorded = [
        (name, state, key)
        for name, param in P.parameters().items()
        for state in param.states()
        for key, entry in (param.entries[state] if param.breakdown == "state" else param.entries)
        if entry.how_read == P.NOT_RECORDED or any(s.read_on is None for s in entry.sources)
    ]
    assert unrecorded == []


def test_the_state_programs_say_which_of_their_values_are_only_secondary():
    params = P.parameters()
    on = dt.date(2026, 1, 1)
    # The 2026 ConnectorCare premiums: only PolicyEngine's reading of the Overview 2026.
    assert params["ma_connectorcare_enrollee_premium"].entry_at(on).how_read == P.SECONDARY
    # The 2026 operational plan types: the same secondary reading.
    assert params["ma_connectorcare_plan_types"].entry_at(on).how_read == P.SECONDARY
    # The pilot years' bands: the regulation's text.
    assert params["ma_connectorcare_plan_types"].entry_at(dt.date(2024, 1, 1)).how_read == (
        P.PRIMARY
    )
    # Vermont: 33 V.S.A. 1812, read in the statute.
    assert params["vt_premium_assistance"].entry_at(on).how_read == P.PRIMARY
    assert params["vt_cost_sharing_reduction"].entry_at(on).how_read == P.PRIMARY


# --- unconfirmed_values of a determination -------------------------------------------------

# The Nguyens: a couple in Raleigh (NC), $48,000, benchmark $1,100 a month.
NGUYENS = dict(
    state="NC",
    income=Decimal(48000),
    filing_status="married_joint",
    people=(Person(age=44), Person(age=42, relationship="spouse")),
    benchmark_premium=Decimal(1100),
)


def _listed(det) -> dict[str, tuple[str, ...]]:
    return {u.parameter: u.because for u in det.unconfirmed_values}


def test_a_2027_determination_lists_each_unconfirmed_value_once_with_why():
    det = determine(Household(year=2027, **NGUYENS))
    listed = _listed(det)
    assert listed["applicable_percentage_table"] == ("secondary",)
    assert listed["medicaid_adult_income_limit"] == ("secondary", "not_reviewed")
    # Read in the statute and reviewed for 2027: confirmed, so not listed.
    assert "income_lower_limit_fpl_percent" not in listed
    assert "income_upper_limit_fpl_percent" not in listed
    keys = [(u.parameter, u.state, u.entry.key) for u in det.unconfirmed_values]
    assert len(keys) == len(set(keys))


def test_a_later_year_lists_even_primary_values_as_not_reviewed():
    """The law stays in force into 2028, but nobody has reviewed it for 2028."""
    det = determine(Household(year=2028, **NGUYENS))
    assert det.ptc_eligible
    assert _listed(det)["income_lower_limit_fpl_percent"] == ("not_reviewed",)


def test_employer_offer_and_ai_an_add_the_values_they_read():
    people = (
        Person(age=44, aian=True),
        Person(
            age=42,
            relationship="spouse",
            esi_offer=EmployerOffer(employee_premium=Decimal(900)),
        ),
    )
    det = determine(Household(year=2027, **{**NGUYENS, "people": people}))
    listed = _listed(det)
    assert "affordability_threshold" in listed  # read in secondary copies
    # AI/AN zero cost sharing to 300%: read in the regulation, reviewed for 2027.
    assert "aian_zero_cost_sharing_max_fpl_percent" not in listed


def test_the_stored_form_gives_value_source_and_reading():
    result = determination_to_dict(determine(Household(year=2027, **NGUYENS)))
    item = next(
        u for u in result["unconfirmed_values"] if u["parameter"] == "medicaid_adult_income_limit"
    )
    assert item["state"] == "NC" and item["value"] == "1.38"
    assert item["how_read"] == "secondary" and item["reviewed_through"] == 2026
    assert item["because"] == ["secondary", "not_reviewed"]
    assert item["sources"][0]["href"].startswith("https://github.com/PolicyEngine/")
    assert result["fpl_percent_exact"] == pytest.approx(221.8114, abs=1e-4)  # 48,000/21,640


def test_each_stored_form_has_its_own_unconfirmed_values():
    """The items are worked out once per value; a stored form changed by its reader never
    changes the next determination's."""
    first = determination_to_dict(determine(Household(year=2027, **NGUYENS)))
    pristine = copy.deepcopy(first["unconfirmed_values"])
    for item in first["unconfirmed_values"]:
        item["value"] = "changed"
        item["because"].append("changed")
        item["sources"][0]["title"] = "changed"
    second = determination_to_dict(determine(Household(year=2027, **NGUYENS)))
    assert second["unconfirmed_values"] == pristine


def test_failure_to_reconcile_for_2027_is_two_years_read_against_the_2027_payment_notice():
    """91 FR 29526 (the 2027 Payment Notice) names no change to 45 CFR 155.305(f)(4); the
    2025 rule's one year sunsets after plan year 2026 (and is stayed): two years for 2027,
    with the reading recorded (docs/adr/0107)."""
    entry = P.parameters()["failure_to_reconcile_years"].entry_at(dt.date(2027, 1, 1))
    assert P.get("failure_to_reconcile_years", 2026) == 2
    assert P.get("failure_to_reconcile_years", 2027) == 2
    assert entry.key == dt.date(2027, 1, 1)
    assert "91 FR 29526" in " ".join(s.title for s in entry.sources)
    assert entry.how_read == P.PRIMARY  # the stay order itself; the notice is secondary
