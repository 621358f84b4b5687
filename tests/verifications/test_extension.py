"""A caseworker extends a verification deadline for a good-faith effort (45 CFR
155.315(f)(3); docs/adr/0711-verification-deadline-extension.md).

The Garcias of tests/verifications/test_lifecycle.py (Boston, coverage year 2026, the demo
catalog): Maria's SSN ends 0001, so the SSA cannot confirm her citizenship and submitting
opens one citizenship item, due 95 days after the request notice (155.315(f)(2)(ii)).
Carla, a caseworker signed in with her second factor, gives Maria 30 more days because
Maria has asked the state vital records office for her birth certificate.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings

from marketplace.accounts.roles import ROLE_PERMISSIONS, Role
from marketplace.audit.models import AuditEvent
from marketplace.core import clock
from marketplace.determinations.models import Determination
from marketplace.notices.content import BUILDERS
from marketplace.notices.models import Notice
from marketplace.notices.text import long_date
from marketplace.verifications import actions, jobs
from marketplace.verifications.models import ItemStatus, VerificationItem
from tests.applications.conftest import make_user
from tests.staff import caseworker
from tests.verifications.households import user
from tests.verifications.lifecycle_support import (  # noqa: F401 - the demo catalog fixture
    _clock,
    at_six,
    demo_catalog,
    garcias,
    jobs_for,
    on_day,
    run_job,
    submitted,
)

pytestmark = pytest.mark.django_db

REASON = "Maria asked the vital records office for her birth certificate on 2 December."


def citizenship_item(**user_extra):
    owner, application, _ = submitted(garcias(), **user_extra)
    (item,) = VerificationItem.objects.filter(application=application)
    assert (item.type, item.status) == ("citizenship", ItemStatus.OPEN)
    return owner, application, item


def review_url(item) -> str:
    return f"/casework/verifications/{item.public_id}/"


def extend_form(days="30", reason=REASON) -> dict:
    return {"action": "extend", "extend-days": days, "extend-reason": reason}


# --- Permissions in code -------------------------------------------------------------------


def test_caseworkers_and_supervisors_may_extend_and_consumers_and_assisters_may_not():
    def may(role):
        return "extend_verification_deadlines" in ROLE_PERMISSIONS[role]

    assert may(Role.CASEWORKER) and may(Role.SUPERVISOR) and may(Role.ADMINISTRATOR)
    assert not may(Role.CONSUMER) and not may(Role.ASSISTER)


# --- The action ----------------------------------------------------------------------------


def test_an_extension_moves_the_due_date_and_its_expiry_and_the_old_one_does_nothing(
    monkeypatch,
):
    _owner, application, item = citizenship_item()
    worker = user("carla@example.org", role="caseworker")
    old_due = item.due_date
    (old_expiry,) = jobs_for(item, actions.EXPIRE_JOB)

    extended = actions.extend_deadline(item, days=30, reason=REASON, actor=worker)

    new_due = old_due + timedelta(days=30)
    assert extended.due_date == new_due
    assert extended.extended_on == clock.today()
    assert extended.extension_reason == REASON
    item.refresh_from_db()
    assert item.due_date == new_due and item.status == ItemStatus.OPEN

    # The new schedule: the expiry the day after the new due date, reminders only those
    # still ahead (all three are, on the day the item opened), each for the new date.
    (new_expiry,) = [
        j for j in jobs_for(item, actions.EXPIRE_JOB) if j.payload["due"] == new_due.isoformat()
    ]
    assert new_expiry.run_after == at_six(new_due + timedelta(days=1))
    new_reminders = [
        j for j in jobs_for(item, actions.REMIND_JOB) if j.payload["due"] == new_due.isoformat()
    ]
    assert [j.payload["day"] for j in new_reminders] == [30, 60, 85]

    # The old expiry, at the old date, does nothing: no expiry, no new determination.
    with monkeypatch.context() as patched:
        on_day(patched, old_due + timedelta(days=1))
        run_job(old_expiry)
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    assert not Determination.objects.filter(
        application=application, cause="verification_expired"
    ).exists()

    # The new one expires the item the day after the new due date.
    on_day(monkeypatch, new_due + timedelta(days=1))
    run_job(new_expiry)
    item.refresh_from_db()
    assert item.status == ItemStatus.EXPIRED and item.redetermination is not None


def test_a_late_extension_schedules_only_the_reminders_still_ahead(monkeypatch):
    owner, _application, item = citizenship_item()
    worker = user("carla@example.org", role="caseworker")
    start = item.requested_on
    on_day(monkeypatch, start + timedelta(days=70))  # after the day-30 and day-60 reminders
    extended = actions.extend_deadline(item, days=20, reason=REASON, actor=worker)
    due = extended.due_date.isoformat()
    reminders = [j for j in jobs_for(item, actions.REMIND_JOB) if j.payload["due"] == due]
    assert [j.payload["day"] for j in reminders] == [85]
    # An old reminder (for the old due date) sends nothing.
    old = [j for j in jobs_for(item, actions.REMIND_JOB) if j.payload["due"] != due]
    run_job(old[-1])
    assert not Notice.objects.filter(user=owner, kind="verification_reminder").exists()


def test_an_extension_is_audited_and_the_person_gets_a_notice_in_their_language():
    owner, _application, item = citizenship_item(preferred_language="es")
    worker = user("carla@example.org", role="caseworker")
    old_due = item.due_date

    actions.extend_deadline(item, days=14, reason=REASON, actor=worker, ip_address="192.0.2.7")

    event = AuditEvent.objects.get(action="verification.extended")
    assert event.actor == worker and event.object_id == str(item.pk)
    assert event.detail["days"] == 14
    assert event.detail["previous_due_date"] == old_due.isoformat()
    assert event.detail["due_date"] == (old_due + timedelta(days=14)).isoformat()
    assert event.detail["reason"] == REASON

    notice = Notice.objects.get(user=owner, kind="verification_extension")
    assert notice.language == "es"
    assert notice.context["extension"]["due_date"] == (old_due + timedelta(days=14)).isoformat()
    assert notice.context["items"][0]["due_date"] == (old_due + timedelta(days=14)).isoformat()
    _template, build = BUILDERS["verification_extension"]
    shown = build(str(notice.public_id), "es", notice.context)
    assert shown["title"] == "Tiene más tiempo para enviar documentos"
    assert "155.315(f)(3)" in shown["intro"]
    assert long_date(old_due + timedelta(days=14), "es") in shown["intro"]
    assert long_date(old_due, "es") in shown["intro"]
    assert shown["extension_reason"] == REASON
    english = build(str(notice.public_id), "en", notice.context)
    assert english["title"] == "You have more time to send documents"


@pytest.mark.parametrize(
    ("days", "reason", "code"),
    [
        (0, REASON, "days"),
        (91, REASON, "days"),
        (30, "   ", "reason"),
    ],
)
def test_bad_days_or_an_empty_reason_are_refused(days, reason, code):
    _, _, item = citizenship_item()
    with pytest.raises(actions.ExtensionRefused) as refused:
        actions.extend_deadline(item, days=days, reason=reason, actor=None)
    assert refused.value.code == code
    assert not AuditEvent.objects.filter(action="verification.extended").exists()


def test_an_expired_or_past_due_item_is_not_extended(monkeypatch):
    _, _, item = citizenship_item()
    due = item.due_date
    on_day(monkeypatch, due + timedelta(days=1))
    with pytest.raises(actions.ExtensionRefused) as refused:
        actions.extend_deadline(item, days=30, reason=REASON, actor=None)
    assert refused.value.code == "past_due"
    jobs.expire_job({"item": str(item.public_id)})
    item.refresh_from_db()
    assert item.status == ItemStatus.EXPIRED
    with pytest.raises(actions.ExtensionRefused) as refused:
        actions.extend_deadline(item, days=30, reason=REASON, actor=None)
    assert refused.value.code == "not_open"
    item.refresh_from_db()
    assert item.due_date == due


# --- The caseworker's page -----------------------------------------------------------------


def test_a_caseworker_extends_from_the_item_page_and_the_person_sees_the_new_date(client):
    owner, application, item = citizenship_item()
    caseworker(client)
    page = client.get(review_url(item))
    assert page.status_code == 200
    assert b"Give more time to send documents" in page.content
    assert f"/casework/applications/{application.public_id}/enrollments/".encode() in page.content

    done = client.post(review_url(item), extend_form())
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.extension_reason == REASON
    page = client.get(review_url(item))
    assert b"The due date was extended and the person told." in page.content
    assert item.due_date.isoformat().encode() in page.content

    client.logout()
    client.force_login(owner)
    mine = client.get("/verifications/")
    text = mine.content.decode()
    assert item.due_date.strftime("%B %-d, %Y") in text
    assert "We gave you more time" in text and REASON in text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (extend_form(days=""), "Enter the number of days to add, from 1 to 90."),
        (extend_form(days="120"), "The number of days to add must be from 1 to 90."),
        (extend_form(days="ten"), "Enter the number of days to add as a whole number"),
        (extend_form(reason=""), "Enter the reason for the extension."),
    ],
)
def test_bad_input_on_the_page_names_the_field_and_changes_nothing(client, form, message):
    _, _, item = citizenship_item()
    due = item.due_date
    caseworker(client)
    page = client.post(review_url(item), form)
    assert page.status_code == 400
    assert message in page.content.decode()
    item.refresh_from_db()
    assert item.due_date == due


def test_the_page_refuses_an_expired_item_with_a_clear_message(client, monkeypatch):
    _, _, item = citizenship_item()
    on_day(monkeypatch, item.due_date + timedelta(days=1))
    jobs.expire_job({"item": str(item.public_id)})
    caseworker(client)
    page = client.get(review_url(item))
    assert b"Give more time" not in page.content
    page = client.post(review_url(item), extend_form())
    assert page.status_code == 400
    assert "its due date cannot be extended" in page.content.decode()


def test_the_person_and_another_household_cannot_extend(client):
    owner, _, item = citizenship_item()
    due = item.due_date
    for person in (owner, make_user("someone.else@example.org")):
        client.force_login(person)
        assert client.get(review_url(item)).status_code == 404
        assert client.post(review_url(item), extend_form()).status_code == 404
    item.refresh_from_db()
    assert item.due_date == due and not item.extension_reason


def test_the_extension_form_in_spanish(client):
    _, _, item = citizenship_item()
    caseworker(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(review_url(item))
    text = page.content.decode()
    assert 'lang="es"' in text
    for phrase in (
        "Dar más tiempo para enviar documentos",
        "Número de días que se agregan",
        "Motivo de la extensión",
        "Extender la fecha límite",
    ):
        assert phrase in text, phrase
    page = client.post(review_url(item), extend_form(days="", reason=""))
    text = page.content.decode()
    assert "Escriba el número de días que se agregan, de 1 a 90." in text
    assert "Escriba el motivo de la extensión." in text
