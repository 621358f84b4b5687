"""What a person can type or click on the application pages never breaks them (issue 12):
a double-clicked "Report a change", an e-mail address longer than the column, an employer
premium larger than the column, a household past the documented size, and the audit rows'
client address behind a trusted proxy."""

from __future__ import annotations

import pytest

from marketplace.applications import actions
from marketplace.applications.models import MAX_MEMBERS, Application, Member
from marketplace.audit.models import AuditEvent
from tests.applications.pages import DETAILS, GARCIAS, ok, sign_and_submit, walk_to_sign

pytestmark = pytest.mark.django_db

#: 267 characters: a valid-looking address longer than an e-mail column (254) holds.
LONG_EMAIL = "m" * 64 + "@" + ".".join(["a" * 62, "b" * 62, "c" * 62, "d" * 9]) + ".org"


def _submitted(client):
    application = walk_to_sign(client)
    ok(sign_and_submit(client, application))
    application.refresh_from_db()
    return application


def test_report_a_change_pressed_twice_opens_the_application_once(maria_client):
    application = _submitted(maria_client)
    url = f"/apply/{application.public_id}/reopen/"
    first = maria_client.post(url)
    second = maria_client.post(url)  # the double click
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    application.refresh_from_db()
    assert application.editable
    assert AuditEvent.objects.filter(action="application.reopened").count() == 1


def test_reopening_an_open_application_changes_nothing(maria_client):
    application = walk_to_sign(maria_client)
    again = actions.reopen_application(application)
    assert again.editable and again.step_reached == application.step_reached
    assert not AuditEvent.objects.filter(action="application.reopened").exists()


def test_a_contact_email_longer_than_254_characters_is_refused_by_name(maria_client):
    application = walk_to_sign(maria_client)
    assert len(LONG_EMAIL) == 267
    response = maria_client.post(
        f"/apply/{application.public_id}/address/",
        {
            "street": "1 Beacon St",
            "city": "Boston",
            "zipcode": "02108",
            "contact_email": LONG_EMAIL,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "E-mail address: use at most 254 characters." in body
    assert "1 Beacon St" in body  # nothing the person typed is lost
    application.refresh_from_db()
    assert application.contact_email == "m@example.org"


def test_an_employer_premium_larger_than_the_column_is_refused_by_name(maria_client):
    application = walk_to_sign(maria_client)
    maria = application.members.get(first_name="Maria")
    response = maria_client.post(
        f"/apply/{application.public_id}/people/{maria.public_id}/",
        {
            **DETAILS,
            "esi_offered": "yes",
            "esi_min_value": "yes",
            "esi_employee_premium": "12345678901",
        },
    )
    assert response.status_code == 200
    expected = "Monthly premium for the employee only (lowest-cost plan): check the amount"
    assert expected in response.content.decode()
    maria.refresh_from_db()
    assert maria.esi_employee_premium is None


def _big_household(size: int) -> list[dict]:
    """The Nguyens: two parents and `size - 2` children, one wage earner."""
    people = [
        {**GARCIAS[0], "first_name": "Linh", "last_name": "Nguyen"},
        {**GARCIAS[1], "first_name": "Minh", "last_name": "Nguyen"},
    ]
    for i in range(size - 2):
        people.append({**GARCIAS[2], "first_name": f"Child{i + 1}", "last_name": "Nguyen"})
    return people


@pytest.mark.slow
def test_the_largest_household_goes_through_every_step_and_one_more_is_refused(maria_client):
    application = walk_to_sign(maria_client, _big_household(MAX_MEMBERS))
    assert application.members.count() == MAX_MEMBERS  # the income step took all of them
    base = f"/apply/{application.public_id}"
    page = maria_client.get(f"{base}/household/")
    assert "An application can list at most 30 people." in page.content.decode()
    assert f"{base}/household/add/" not in page.content.decode()
    add = maria_client.post(
        f"{base}/household/add/",
        {
            "first_name": "Extra",
            "last_name": "Nguyen",
            "date_of_birth": "2019-01-01",
            "relationship": "child",
            "sex": "male",
        },
    )
    assert add.status_code == 200
    body = add.content.decode()
    assert "An application can list at most 30 people." in body and 'value="Extra"' in body
    assert application.members.count() == MAX_MEMBERS
    assert maria_client.get(f"{base}/household/add/").status_code == 302


def test_the_household_limit_holds_in_the_action_too(maria_client):
    application = walk_to_sign(maria_client)
    for i in range(MAX_MEMBERS - application.members.count()):
        Member.objects.create(
            application=application,
            position=10 + i,
            first_name=f"C{i}",
            last_name="Garcia",
            date_of_birth="2019-01-01",
            relationship="child",
            sex="male",
        )
    data = {
        "first_name": "Extra",
        "last_name": "Garcia",
        "date_of_birth": "2019-01-01",
        "relationship": "child",
        "sex": "male",
    }
    with pytest.raises(actions.HouseholdFull):
        actions.save_member(application, data)


def test_application_audit_rows_carry_the_address_the_trusted_proxy_saw(maria_client, settings):
    settings.ACCOUNTS_TRUSTED_PROXY_COUNT = 1
    maria_client.post("/apply/start/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.5")
    application = Application.objects.get()
    event = AuditEvent.objects.get(action="application.started", object_id=str(application.pk))
    assert event.ip_address == "198.51.100.7"
