"""A caseworker finds the Garcias (Maria 40, Jose 38, Sofia 10, Mateo 7; Maria's SSN ends
6789) by any one detail, and sees their household page."""

from __future__ import annotations

import pytest

from marketplace.casework.household import Section, register_section
from marketplace.casework.models import SearchKey
from tests.security.conftest import _determined, _person

pytestmark = pytest.mark.django_db


def _search(client, **fields):
    return client.post("/casework/households/", fields)


def _found(response, maria) -> bool:
    return f'data-household="{maria.pk}"' in response.content.decode()


def test_found_by_each_detail_alone(carla_client, garcias_enrolled, maria):
    application, _determination, enrollment = garcias_enrolled
    jose = application.members.get(first_name="Jose")
    for fields in (
        {"name": "Maria Garcia"},
        {"name": "garcia"},
        {"name": "GARCÍA, maría"},
        {"name": "Sofia Garcia"},
        {"date_of_birth": jose.date_of_birth.isoformat()},
        {"date_of_birth": jose.date_of_birth.strftime("%m/%d/%Y")},
        {"ssn_last_four": "6789"},
        {"email": "Maria@Example.org"},
        {"reference": str(application.public_id)},
        {"reference": str(enrollment.public_id)},
        {"reference": enrollment.policy_id.lower()},
    ):
        response = _search(carla_client, **fields)
        assert response.status_code == 200, fields
        assert _found(response, maria), fields


def test_details_that_do_not_all_match_find_nobody(carla_client, garcias_determined, maria):
    assert _found(_search(carla_client, name="Garcia", ssn_last_four="6789"), maria)
    assert not _found(_search(carla_client, name="Garcia", ssn_last_four="1234"), maria)
    assert not _found(_search(carla_client, name="Okafor"), maria)
    page = _search(carla_client, name="Garcia", date_of_birth="1901-01-01").content.decode()
    assert "No household matches all of these details." in page


def test_other_households_are_not_mixed_in(carla_client, garcias_determined, maria):
    from tests.enrollment.conftest import sam

    ben = _person("ben@example.org")
    _determined(ben, sam())
    page = _search(carla_client, name="Garcia").content.decode()
    assert f'data-household="{maria.pk}"' in page
    assert f'data-household="{ben.pk}"' not in page


def test_the_ssn_is_kept_only_as_a_keyed_hash(garcias_determined):
    keys = SearchKey.objects.filter(kind="ssn4")
    assert keys.count() == 1
    assert "6789" not in keys.get().key and len(keys.get().key) == 64


def test_a_renamed_person_is_found_by_the_new_name_only(carla_client, garcias_determined, maria):
    application, _ = garcias_determined
    sofia = application.members.get(first_name="Sofia")
    sofia.last_name = "Lopez"
    sofia.save()
    assert _found(_search(carla_client, name="Sofia Lopez"), maria)
    assert not _found(_search(carla_client, name="Sofia Garcia"), maria)


def test_bad_input_names_the_field_and_keeps_what_was_typed(carla_client, garcias_determined):
    nothing = _search(carla_client)
    assert nothing.status_code == 400
    assert "Enter at least one detail to search by." in nothing.content.decode()
    bad = _search(carla_client, name="Garcia", ssn_last_four="67a9", phone="555")
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "Enter exactly four digits." in page
    assert "Enter the ten-digit phone number, area code first." in page
    assert 'value="Garcia"' in page


def test_the_household_page_has_everything(carla_client, garcias_enrolled, maria):
    application, determination, enrollment = garcias_enrolled
    page = carla_client.get(f"/casework/households/{maria.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        "Jose Garcia",
        "Mateo Garcia",
        str(application.public_id),
        determination.rules_version,
        enrollment.policy_id,
        "834 transactions to the insurers",
        'id="verifications"',
        'id="overrides"',
        "Notices and mail",
        "Reported changes",
        "Appeals",
        "Audit trail",
        f"/casework/applications/{application.public_id}/enrollments/",
    ):
        assert expected in text, expected
    assert "123-45-6789" not in text and "123456789" not in text


def test_another_app_plugs_a_section_into_the_household_page(
    carla_client, garcias_determined, maria
):
    register_section(
        Section(
            key="appeals",
            title="Appeals",
            columns=("Filed", "Status"),
            rows=lambda owner, user: [("2026-01-05", "Hearing set for a test")],
        )
    )
    try:
        text = carla_client.get(f"/casework/households/{maria.pk}/").content.decode()
        assert "Hearing set for a test" in text
    finally:
        from marketplace.casework import household

        household._SECTIONS.pop("appeals", None)


def test_nobody_opens_their_own_household(client, carla):
    _determined(carla, _spec_for_carla())
    client.force_login(carla)
    assert client.get(f"/casework/households/{carla.pk}/").status_code == 404


def test_a_found_household_is_reached_by_links(carla_client, garcias_determined, maria):
    home = carla_client.get("/casework/").content.decode()
    assert 'href="/casework/households/"' in home
    results = _search(carla_client, name="Maria Garcia").content.decode()
    assert f'href="/casework/households/{maria.pk}/"' in results


def _spec_for_carla():
    from tests.applications.conftest import garcias

    spec = garcias()
    spec.last_name = "Castro"
    return spec


def test_the_search_page_in_spanish(carla_client, garcias_determined):
    page = carla_client.get("/casework/households/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Buscar un hogar" in page and "Últimos cuatro dígitos" in page
