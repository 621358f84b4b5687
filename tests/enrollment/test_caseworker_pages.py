"""The casework page for an application's enrollments: a caseworker takes a member off a
policy that goes on (`maintenance.remove_member`, docs/adr/0800 "Maintenance").

The Garcias (tests/enrollment/conftest.py): Maria (the subscriber) and Jose on one silver
policy from 1 January 2026, effectuated by the simulated issuer. On 10 March 2026 Carla, a
caseworker signed in with her second factor, takes Jose off: no longer eligible, his last
day is 30 April 2026 (the last day of the month after the notice month, 45 CFR
155.430(d)(3)); had he asked to leave, 31 March 2026 (155.430(d)(2)).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from marketplace.audit.models import AuditEvent
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import states
from tests.applications.conftest import make_user
from tests.enrollment.conftest import enroll
from tests.enrollment.maintenance_support import _effectuated, _mark, _queued_after
from tests.staff import caseworker

pytestmark = pytest.mark.django_db

NOTICE_DAY = date(2026, 3, 10)


@pytest.fixture
def policy(garcia, tmp_path, settings):
    user, determination = garcia
    enrollment = _effectuated(tmp_path, user, determination)
    settings.MARKETPLACE_TODAY = NOTICE_DAY
    return user, enrollment


def page_url(enrollment) -> str:
    return f"/casework/applications/{enrollment.application.public_id}/enrollments/"


def removal(enrollment, member="", reason="") -> dict:
    return {"enrollment": str(enrollment.public_id), "member": member, "reason": reason}


def test_the_page_lists_the_policy_and_the_end_date_each_reason_gives(client, policy):
    _, enrollment = policy
    caseworker(client)
    page = client.get(page_url(enrollment))
    assert page.status_code == 200
    text = page.content.decode()
    assert enrollment.policy_id in text and enrollment.plan_name in text
    for member in enrollment.members.all():
        assert f'data-member="{member.member_id}"' in text
    assert "last day of coverage April 30, 2026" in text  # not eligible: 155.430(d)(3)
    assert "last day of coverage March 31, 2026" in text  # asked to leave: 155.430(d)(2)


def test_a_caseworker_takes_jose_off_and_the_834s_go_through_the_outbox(client, policy):
    _, enrollment = policy
    carla = caseworker(client)
    jose = enrollment.members.get(first_name="Jose")
    mark = _mark()

    done = client.post(page_url(enrollment), removal(enrollment, jose.member_id, "not_eligible"))

    assert done.status_code == 302 and done["Location"] == page_url(enrollment)
    jose.refresh_from_db()
    assert (jose.coverage_end, jose.end_reason) == (date(2026, 4, 30), "not_eligible")
    queued = _queued_after(mark)
    assert [(t.kind, t.maintenance_type) for t in queued] == [("removal", "024"), ("change", "001")]
    event = AuditEvent.objects.get(action="enrollment.member_removed")
    assert event.actor == carla and event.detail["member_id"] == jose.member_id
    page = client.get(page_url(enrollment))
    assert "Jose Garcia was taken off policy" in page.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == states.EFFECTUATED


@pytest.mark.parametrize(
    ("member", "reason", "messages"),
    [
        ("", "not_eligible", ["Person: choose someone covered by this policy."]),
        ("Jose", "", ["Reason: choose why their coverage ends."]),
        ("Jose", "replaced", ["Reason: choose why their coverage ends."]),
        ("nobody", "voluntary", ["Person: choose someone covered by this policy."]),
        ("", "", ["Person: choose someone", "Reason: choose why"]),
    ],
)
def test_bad_input_names_the_field_and_sends_nothing(client, policy, member, reason, messages):
    _, enrollment = policy
    caseworker(client)
    if member == "Jose":
        member = enrollment.members.get(first_name="Jose").member_id
    mark = _mark()
    page = client.post(page_url(enrollment), removal(enrollment, member, reason))
    assert page.status_code == 400
    text = page.content.decode()
    for message in messages:
        assert message in text
    assert 'aria-describedby="' in text
    assert _queued_after(mark) == []


def test_the_only_person_on_a_policy_cannot_be_taken_off(client, okafor):
    user, determination = okafor
    enrollment = enroll(user, determination)
    caseworker(client)
    page = client.get(page_url(enrollment))
    assert b"Take this person off the policy" not in page.content  # no form to offer
    sam = enrollment.members.get()
    page = client.post(page_url(enrollment), removal(enrollment, sam.member_id, "voluntary"))
    assert page.status_code == 400
    assert "This is the only person on the policy" in page.content.decode()


def test_the_person_another_household_and_an_assister_get_404(client, policy):
    owner, enrollment = policy
    jose = enrollment.members.get(first_name="Jose")
    mark = _mark()
    others = [
        owner,
        make_user("someone.else@example.org"),
        make_user("nina@example.org", role="assister"),
    ]
    for person in others:
        client.force_login(person)
        assert client.get(page_url(enrollment)).status_code == 404
        post = client.post(page_url(enrollment), removal(enrollment, jose.member_id, "voluntary"))
        assert post.status_code == 404
    assert _queued_after(mark) == []
    client.logout()
    assert client.get(page_url(enrollment)).status_code == 302  # to sign in


def test_a_post_without_the_csrf_token_is_refused(client, policy):
    _, enrollment = policy
    caseworker(client)  # signed in (with the second factor); the same session, strict CSRF
    strict = Client(enforce_csrf_checks=True)
    session = settings.SESSION_COOKIE_NAME
    strict.cookies[session] = client.cookies[session].value
    assert strict.get(page_url(enrollment)).status_code == 200
    jose = enrollment.members.get(first_name="Jose")
    count = OutboundTransaction.objects.count()
    post = strict.post(page_url(enrollment), removal(enrollment, jose.member_id, "voluntary"))
    assert post.status_code == 403
    assert OutboundTransaction.objects.count() == count


def test_the_page_in_spanish(client, policy):
    _, enrollment = policy
    caseworker(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    text = client.get(page_url(enrollment)).content.decode()
    assert 'lang="es"' in text
    for phrase in (
        "Cobertura de esta solicitud",
        f"Póliza {enrollment.policy_id}",
        "Quitar a una persona de esta póliza",
        "Por qué termina su cobertura",
        "Ya no es elegible para un plan del Mercado",
        "último día de cobertura: 30 de abril de 2026",
    ):
        assert phrase in text, phrase
    text = client.post(page_url(enrollment), removal(enrollment)).content.decode()
    assert "Persona: elija a alguien cubierto por esta póliza." in text
    assert "Motivo: elija por qué termina su cobertura." in text
