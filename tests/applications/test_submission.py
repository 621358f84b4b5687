"""The submission action: one transaction, one stored determination, same as `estimate`."""

from __future__ import annotations

import json
import logging
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection

from marketplace.applications import actions, rules_input, states
from marketplace.applications.models import Application, Member
from marketplace.audit.models import AuditEvent
from marketplace.determinations.models import Determination, ImmutableError
from tests.applications.conftest import make_user, signed_and_submitted
from tests.conftest import without_ids

pytestmark = pytest.mark.django_db


def test_the_garcias_children_get_chip_and_parents_a_tax_credit(filled, maria):
    determination = actions.submit_application(filled, maria, "127.0.0.1")
    members = determination.result["members"]
    assert [m["name"] for m in members] == [
        "Maria Garcia",
        "Jose Garcia",
        "Sofia Garcia",
        "Mateo Garcia",
    ]
    assert [m["chip"] for m in members] == [False, False, True, True]
    assert [m["aptc"] for m in members] == [True, True, False, False]
    assert determination.result["aptc"] > 0
    assert determination.input_snapshot["income"] == 52000
    filled.refresh_from_db()
    assert filled.status == states.DETERMINED


def test_the_stored_determination_equals_marketplace_estimate_on_the_same_facts(filled, maria):
    determination = actions.submit_application(filled, maria, None)
    stdin, stdout = StringIO(json.dumps(determination.input_snapshot)), StringIO()
    with mock.patch("sys.stdin", stdin):
        call_command("estimate", stdout=stdout)
    assert json.loads(stdout.getvalue()) == determination.full_result


def test_the_input_snapshot_is_what_the_builder_makes(filled, maria):
    expected = rules_input.build(filled)
    determination = actions.submit_application(filled, maria, None)
    assert determination.input_snapshot == expected


def test_a_second_post_of_the_same_submit_makes_no_second_determination(filled, maria):
    token = filled.submission_token
    first = actions.submit_application(filled, maria, None, token=token)
    second = actions.submit_application(
        Application.objects.get(pk=filled.pk), maria, None, token=token
    )
    assert first == second
    assert Determination.objects.filter(application=filled).count() == 1


def test_submitting_a_determined_application_again_without_a_change_is_refused(filled, maria):
    actions.submit_application(filled, maria, None)
    with pytest.raises(states.TransitionNotAllowed):
        actions.submit_application(Application.objects.get(pk=filled.pk), maria, None)


def test_a_later_submission_makes_a_new_determination_and_keeps_the_old_one(filled, maria):
    first = actions.submit_application(filled, maria, None)
    application = actions.reopen_application(filled, actor=maria)
    sofia = application.members.get(first_name="Sofia")
    actions.save_seeking(application, [m.pk for m in application.members.exclude(pk=sofia.pk)])
    second = signed_and_submitted(application, maria)
    assert second != first
    first.refresh_from_db()
    assert first.input_snapshot["people"][2]["seeking_coverage"] is True
    assert second.input_snapshot["people"][2]["seeking_coverage"] is False
    assert list(application.determinations.all()) == [second, first]


def test_a_stored_determination_cannot_be_changed_or_deleted(filled, maria):
    determination = actions.submit_application(filled, maria, None)
    determination.result = {}
    with pytest.raises(ImmutableError):
        determination.save()
    with pytest.raises(ImmutableError):
        determination.delete()
    with pytest.raises(ImmutableError):
        Determination.objects.filter(pk=determination.pk).update(result={})


def test_an_interrupted_submission_leaves_nothing_half_written(filled, maria):
    # In-process and quick; test_restart.py kills a real server mid-submission.
    jobs_before = AuditEvent.objects.count()
    with (
        mock.patch(
            "marketplace.applications.effects.start_verifications",
            side_effect=RuntimeError("crash"),
        ),
        pytest.raises(RuntimeError),
    ):
        actions.submit_application(filled, maria, None)
    application = Application.objects.get(pk=filled.pk)
    assert application.status == states.DRAFT
    assert application.submission_token == filled.submission_token
    assert not Determination.objects.filter(application=application).exists()
    assert AuditEvent.objects.count() == jobs_before
    assert application.members.count() == 4
    assert application.signature_name == "Maria Garcia"
    # The saved steps are intact: submitting again works.
    assert actions.submit_application(application, maria, None).result["aptc"] > 0


def test_submission_needs_a_proofed_identity(db):
    from marketplace.applications import seeding
    from tests.applications.conftest import garcias

    unproofed = make_user("unproofed@example.org", verified=False)
    application = actions.start_application(unproofed)
    seeding.fill_application(application, garcias())
    with pytest.raises(actions.IdentityNotVerified):
        actions.submit_application(application, unproofed, None)
    assert Application.objects.get(pk=application.pk).status == states.DRAFT


def test_an_incomplete_application_is_not_submitted(maria):
    application = actions.start_application(maria)
    with pytest.raises(actions.Incomplete) as caught:
        actions.submit_application(application, maria, None)
    assert caught.value.problems


def test_the_ssn_is_encrypted_at_rest_and_never_in_logs_audit_or_snapshot(filled, maria, caplog):
    caplog.set_level(logging.DEBUG)
    determination = actions.submit_application(filled, maria, None)
    member = Member.objects.get(application=filled, first_name="Maria")
    assert member.ssn == "123456789"
    with connection.cursor() as cursor:
        cursor.execute("SELECT ssn_encrypted FROM applications_member WHERE id = %s", [member.pk])
        raw = cursor.fetchone()[0]
    assert raw and "123456789" not in raw and "6789" not in raw
    assert "123456789" not in json.dumps(determination.input_snapshot)
    assert "6789" not in without_ids(json.dumps(determination.input_snapshot))
    for event in AuditEvent.objects.all():
        assert "123456789" not in json.dumps(event.detail)
    assert "123456789" not in caplog.text


def test_the_transition_table_refuses_unknown_moves():
    assert states.next_state("draft", "submit") == "submitted"
    with pytest.raises(states.TransitionNotAllowed):
        states.next_state("draft", "determine")
    assert states.allowed_events("determined") == ["reopen"]


def test_submission_issues_the_eligibility_notice_in_the_persons_language(filled, maria):
    from marketplace.notices.models import Notice

    determination = actions.submit_application(filled, maria, None)
    notice = Notice.objects.get(user=maria, kind="eligibility")
    assert notice.context["determination_public_id"] == str(determination.public_id)
    assert notice.language == "en"
    assert "123456789" not in json.dumps(notice.context)
