"""Reported changes and appeals in the casework area: their work queues list the real items
of the changes and appeals apps, and the household page shows their sections (casework's
hooks: `register_queue`, `register_section`)."""

from __future__ import annotations

import uuid

import pytest

from marketplace.appeals import actions as appeal_actions
from marketplace.casework import household, queues
from marketplace.changes.models import ReportedChange
from tests.enrollment.conftest import IN_OPEN_ENROLLMENT

pytestmark = pytest.mark.django_db


def _change(application, determination, followups: str) -> ReportedChange:
    # As `changes.actions.report_change` stores one whose policy could not be changed by
    # itself (a follow-up left for casework).
    return ReportedChange.objects.create(
        application=application,
        kind="income",
        event_date=IN_OPEN_ENROLLMENT,
        reported_on=IN_OPEN_ENROLLMENT,
        before=determination,
        after=determination,
        followups=followups,
        token=uuid.uuid4(),
    )


def test_every_expected_queue_and_section_is_registered():
    assert queues.missing() == []
    assert {"changes", "appeals"} <= {q.key for q in queues.queues()}
    assert {"changes", "appeals"} <= set(household._SECTIONS)


def test_a_change_left_for_casework_is_on_its_queue_until_it_is_done(
    garcias_determined, carla_client
):
    application, determination = garcias_determined
    worked = _change(application, determination, "Policy P1: not changed (held).")
    _change(application, determination, "")  # nothing left for casework: not on the queue
    page = carla_client.get("/casework/queues/changes/").content.decode()
    assert page.count(f"/changes/staff/{application.public_id}/") == 1
    backlog = {row["queue"].key: row["total"] for row in queues.backlog()}
    assert backlog["changes"] == 1

    household_page = carla_client.get(f"/casework/households/{application.owner_id}/")
    section = next(s for s in household_page.context["sections"] if s["key"] == "changes")
    assert [row[4] for row in section["rows"]] == ["nothing", "to do"]

    case = carla_client.get(f"/changes/staff/{application.public_id}/").content.decode()
    done = f"/changes/staff/changes/{worked.public_id}/followups-done/"
    assert done in case
    assert carla_client.post(done).status_code == 302
    worked.refresh_from_db()
    assert worked.followups_done_at is not None
    assert "/changes/staff/" not in carla_client.get("/casework/queues/changes/").content.decode()
    household_page = carla_client.get(f"/casework/households/{application.owner_id}/")
    section = next(s for s in household_page.context["sections"] if s["key"] == "changes")
    assert section["rows"][1][4].startswith("done ")


def test_an_open_appeal_is_on_the_appeals_queue_and_the_household_page(
    garcias_determined, carla_client
):
    application, determination = garcias_determined
    appeal = appeal_actions.request_appeal(
        appellant=application.owner,
        determination=determination,
        reason="Income was wrong.",
        keep_eligibility=False,
        token=uuid.uuid4(),
    )
    page = carla_client.get("/casework/queues/appeals/").content.decode()
    assert f"/appeals/staff/{appeal.public_id}/" in page
    assert appeal.number in page
    household_page = carla_client.get(f"/casework/households/{application.owner_id}/")
    section = next(s for s in household_page.context["sections"] if s["key"] == "appeals")
    assert section["rows"][0][0] == appeal.number
    assert appeal.number in household_page.content.decode()
    appeal_actions.dismiss(appeal, actor=application.owner)
    page = carla_client.get("/casework/queues/appeals/").content.decode()
    assert f"/appeals/staff/{appeal.public_id}/" not in page


def test_a_consumer_cannot_close_a_change(garcias_determined, client):
    application, determination = garcias_determined
    change = _change(application, determination, "Policy P1: not changed.")
    client.force_login(application.owner)
    response = client.post(f"/changes/staff/changes/{change.public_id}/followups-done/")
    assert response.status_code == 404
    change.refresh_from_db()
    assert change.followups_done_at is None
