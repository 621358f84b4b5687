"""Immigration status in the application: the engine's vocabulary is asked, stored and passed
as is; the engine decides with its dated law (ADR 0102). The submission date goes with the
input, so Medicaid/CHIP apply the rule in effect that day (Pub. L. 119-21 71109 from
2026-10-01)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from aca_rules.household import IMMIGRATION_STATUSES
from marketplace.applications import actions, rules_input, seeding
from marketplace.applications.forms import DetailsForm
from marketplace.applications.models import Immigration

from .conftest import garcias


def test_the_choices_are_the_engines_vocabulary():
    assert tuple(Immigration.values) == IMMIGRATION_STATUSES


def test_every_status_has_a_spanish_label():
    with translation.override("en"):
        english = {choice.value: str(choice.label) for choice in Immigration}
    with translation.override("es"):
        for choice in Immigration:
            assert str(choice.label) != english[choice.value], choice.value


def _details(**changes) -> dict:
    data = {
        "citizen": "no",
        "immigration_status": "cofa",
        "document_type": "passport",
        "document_number": "",
        "incarcerated": "no",
        "aian": "no",
        "pregnant": "no",
        "tobacco": "no",
        "other_coverage": "none",
        "esi_offered": "no",
    }
    return {**data, **changes}


@pytest.mark.parametrize("status", ["lpr_exempt", "cuban_haitian", "cofa"])
def test_the_details_page_takes_the_new_statuses(status):
    form = DetailsForm(data=_details(immigration_status=status))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["immigration_status"] == status


def test_an_unknown_status_is_refused():
    form = DetailsForm(data=_details(immigration_status="tps"))
    assert not form.is_valid()


def _single(status: str, wages: int) -> seeding.HouseholdSpec:
    spec = garcias()
    spec.people = [
        seeding.PersonSpec(
            "Amina",
            40,
            "self",
            "female",
            wages_yearly=wages,
            citizen=False,
            immigration_status=status,
            ssn="123456789",
        )
    ]
    return spec


@pytest.fixture
def refugee(maria):
    """Amina, a refugee in Boston, $19,000 a year: 119% of the 2026 guideline (MassHealth
    covers adults to 138%) and 121% of the 2025 one (2026 APTC)."""
    application = actions.start_application(maria)
    seeding.fill_application(application, _single("refugee", 19000), actor=maria)
    application.refresh_from_db()
    return application


def test_the_rules_input_passes_the_status_code_and_the_date(refugee):
    data = rules_input.build(refugee, date(2026, 11, 27))
    person = data["people"][0]
    assert person["immigration_status"] == "refugee"
    assert person["citizen"] is False and person["lawfully_present"] is True
    assert "medicaid_immigration_eligible" not in person  # the engine decides
    assert data["determination_date"] == "2026-11-27"


def test_submitted_after_1_october_2026_a_refugee_gets_aptc_not_masshealth(
    refugee, maria, settings
):
    settings.MARKETPLACE_TODAY = date(2026, 11, 27)
    determination = actions.submit_application(refugee, maria, None)
    assert determination.input_snapshot["determination_date"] == "2026-11-27"
    member = determination.result["members"][0]
    assert member["medicaid"] is False and member["aptc"] is True
    ids = [code["id"] for code in member["reason_codes"]]
    assert "medicaid.immigration_status_narrowed" in ids


def test_submitted_before_1_october_2026_a_refugee_got_masshealth(refugee, maria, settings):
    settings.MARKETPLACE_TODAY = date(2026, 9, 30)
    determination = actions.submit_application(refugee, maria, None)
    assert determination.input_snapshot["determination_date"] == "2026-09-30"
    member = determination.result["members"][0]
    assert member["medicaid"] is True and member["aptc"] is False
