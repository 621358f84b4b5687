"""The audit log keeps who acted whatever becomes of the account, and is read by object and
by actor, not by action or time alone (ADR 0837)."""

from __future__ import annotations

import pytest
from django.db import connection

from marketplace.accounts.models import User
from marketplace.audit import log as audit
from marketplace.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_removing_an_account_does_not_rewrite_the_log():
    keeper = User.objects.create_user(email="keeper@example.org", password="x" * 16)
    gone = User.objects.create_user(email="gone@example.org", password="x" * 16)
    kept = audit.record("account.note", actor=keeper, obj=keeper)
    event = audit.record("account.closed", actor=gone, obj=gone)
    gone_pk = gone.pk
    gone.delete()  # the database accepts it: no constraint, and nothing is set to NULL
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_id == gone_pk and event.actor_label == "gone@example.org"
    assert AuditEvent.objects.filter(actor_id=gone_pk).count() == 1
    assert AuditEvent.objects.get(pk=kept.pk).actor == keeper


def test_a_batch_of_events_names_its_actors_and_objects():
    users = [User.objects.create_user(email=f"u{n}@example.org", password="x" * 16) for n in "ab"]
    audit.record_many([audit.unsaved("thing.done", actor=u, obj=u) for u in users])
    for user in users:
        row = AuditEvent.objects.get(object_type="User", object_id=str(user.pk))
        assert row.actor_id == user.pk and row.action == "thing.done"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's catalogs")
def test_the_log_has_the_indexes_it_is_read_by_and_no_constraint_on_the_actor():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'audit_auditevent' ORDER BY 1"
        )
        indexes = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT count(*) FROM pg_constraint "
            "WHERE conrelid = 'audit_auditevent'::regclass AND contype = 'f'"
        )
        foreign_keys = cursor.fetchone()[0]
    assert "(object_id)" in indexes and "(actor_id)" in indexes and "(id)" in indexes
    assert "(action)" not in indexes and "(at)" not in indexes
    assert foreign_keys == 0
