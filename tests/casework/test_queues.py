"""Work queues: the Garcias' identity document (Maria's, sent 9 days ago), two 834
exceptions (one 4 days old, overdue after 3) and the backlog by age; a caseworker takes
items, a supervisor gives them to someone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.accounts import identity
from marketplace.audit.models import AuditEvent
from marketplace.casework import queues
from marketplace.casework.models import Assignment
from marketplace.edi.models import EdiException, ExceptionKind
from tests.security.conftest import _person

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_work(maria):
    upload = SimpleUploadedFile("id.pdf", b"%PDF-1.4 id", content_type="application/pdf")
    document = identity.submit_document(maria, "passport", upload)
    document.uploaded_at = timezone.now() - timedelta(days=9)
    document.save()
    old = EdiException.objects.create(
        kind=ExceptionKind.UNKNOWN_POLICY, issuer_hios="12345", policy_id="P-OLD", message="x"
    )
    EdiException.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=4))
    new = EdiException.objects.create(
        kind=ExceptionKind.UNKNOWN_POLICY, issuer_hios="12345", policy_id="P-NEW", message="y"
    )
    return document, old, new


def test_the_backlog_counts_by_queue_and_age(carla_client, open_work):
    page = carla_client.get("/casework/queues/")
    text = page.content.decode()
    assert page.status_code == 200
    text = re.sub(r">\s+<", "><", text)
    identity_row = text.split('data-queue="identity"')[1].split("</tr>")[0]
    # By age (0-2, 3-7, 8-30, 31 or more days), then open, due today, overdue.
    assert "<td>0</td><td>0</td><td>1</td><td>0</td><td>1</td><td>0</td><td>1</td>" in identity_row
    edi_row = text.split('data-queue="834"')[1].split("</tr>")[0]
    assert "<td>1</td><td>1</td><td>0</td><td>0</td><td>2</td><td>0</td><td>1</td>" in edi_row
    # Reported changes and appeals have their queues (casework/reported_changes.py and
    # appeals/in_casework.py), nothing waits for one.
    assert 'data-queue="changes"' in text and 'data-queue="appeals"' in text
    assert "no queue yet" not in text


def _due_later_today(overdue_days: int):
    """An item's arrival time whose time limit runs out later today, before midnight in the
    state's time zone (halfway there, at most an hour from now)."""
    now = timezone.now()
    due = now + min(timedelta(hours=1), (queues.end_of_day(now) - now) / 2)
    return due - timedelta(days=overdue_days)


def test_the_backlog_shows_what_is_due_today_overdue_and_open_with_a_chart(carla_client, open_work):
    soon = EdiException.objects.create(
        kind=ExceptionKind.UNKNOWN_POLICY, issuer_hios="12345", policy_id="P-SOON", message="z"
    )
    EdiException.objects.filter(pk=soon.pk).update(created_at=_due_later_today(3))
    text = re.sub(r">\s+<", "><", carla_client.get("/casework/queues/").content.decode())
    edi_row = text.split('data-queue="834"')[1].split("</tr>")[0]
    assert "<td>2</td><td>1</td><td>0</td><td>0</td><td>3</td><td>1</td><td>1</td>" in edi_row
    every = text.split('data-queue="all"')[1].split("</tr>")[0]
    assert "<td>4</td><td>1</td><td>2</td></tr>" in every + "</tr>"
    assert "4 items open: 1 due today, 2 overdue." in text
    chart = text.split('<figure class="mp-chart">')[1].split("</figure>")[0]
    assert 'role="img"' in chart and "834 exceptions" in chart and ">3</text>" in chart
    queue = re.sub(r">\s+<", "><", carla_client.get("/casework/queues/834/").content.decode())
    counts = queue.split('data-counts="834"')[1].split("</table>")[0]
    assert "<td>3</td><td>1</td><td>1</td>" in counts


def test_the_backlog_reads_in_spanish(carla_client, open_work):
    carla_client.cookies["marketplace_language"] = "es"
    text = carla_client.get("/casework/queues/").content.decode()
    assert "3 elementos abiertos: 0 vencen hoy, 2 atrasados." in text
    assert "Vencen hoy" in text and "Elementos abiertos por cola" in text
    queue = carla_client.get("/casework/queues/834/").content.decode()
    assert "Elementos abiertos en esta cola" in queue


def test_a_queue_is_oldest_first_with_age_and_overdue(carla_client, open_work):
    _document, old, new = open_work
    text = carla_client.get("/casework/queues/834/").content.decode()
    assert text.index(f'data-item="{old.pk}"') < text.index(f'data-item="{new.pk}"')
    old_row = text.split(f'data-item="{old.pk}"')[1].split("</tr>")[0]
    assert "<td>4</td>" in old_row and "overdue" in old_row
    assert f"/casework/834-exceptions/{old.pk}/" in old_row


def test_a_caseworker_takes_items_in_bulk_and_gives_them_back(carla_client, carla, open_work):
    _document, old, new = open_work
    url = "/casework/queues/834/"
    done = carla_client.post(url, {"action": "take", "item": [old.pk, new.pk]})
    assert done.status_code == 302
    assert set(Assignment.objects.values_list("item", "assigned_to")) == {
        (old.pk, carla.pk),
        (new.pk, carla.pk),
    }
    again = carla_client.post(url, {"action": "take", "item": [old.pk, new.pk]})
    assert again.status_code == 302 and Assignment.objects.count() == 2  # idempotent
    assert AuditEvent.objects.filter(action="casework.assigned").count() == 1
    mine = carla_client.get(url + "?show=mine").content.decode()
    assert f'data-item="{old.pk}"' in mine
    carla_client.post(url, {"action": "release", "item": [old.pk]})
    assert not Assignment.objects.filter(item=old.pk).exists()
    nobody = carla_client.get(url + "?show=unassigned").content.decode()
    assert f'data-item="{old.pk}"' in nobody and f'data-item="{new.pk}"' not in nobody


def test_only_a_supervisor_gives_items_to_someone_else(client, carla_client, carla, open_work):
    _document, old, _new = open_work
    url = "/casework/queues/834/"
    refused = carla_client.post(url, {"action": "give", "worker": carla.pk, "item": [old.pk]})
    assert refused.status_code == 400 and not Assignment.objects.exists()
    sam = _person("sam@example.org", "supervisor")
    client.force_login(sam)
    page = client.get(url).content.decode()
    assert "Assign the chosen items to this worker" in page
    client.post(url, {"action": "give", "worker": carla.pk, "item": [old.pk]})
    assignment = Assignment.objects.get()
    assert (assignment.assigned_to, assignment.assigned_by) == (carla, sam)


def test_nothing_chosen_says_so(carla_client, open_work):
    response = carla_client.post("/casework/queues/834/", {"action": "take"})
    assert response.status_code == 400
    assert "Choose at least one item." in response.content.decode()


def test_an_unknown_queue_is_not_found(carla_client):
    assert carla_client.get("/casework/queues/nothing/").status_code == 404


def test_a_note_with_a_nul_character_closes_the_exception_without_it(carla_client, open_work):
    """PostgreSQL text cannot hold NUL: a note read straight from the POST drops it (as a
    form field would refuse it) instead of failing the write."""
    _, old, _ = open_work
    note = "Called the issuer\x00; the policy was re-sent."
    answer = carla_client.post(f"/casework/834-exceptions/{old.pk}/", {"note": note})
    assert answer.status_code == 302
    old.refresh_from_db()
    assert old.resolved_at is not None
    assert old.resolution == "Called the issuer; the policy was re-sent."
