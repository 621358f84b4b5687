"""The pattern-operator companion indexes nobody reads are gone on PostgreSQL, the ones a
prefix search reads are kept (ADR 0825), and the prefix search that used one still finds
its rows."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

DROPPED = {
    "audit_auditevent_object_id_3d6dccfb_like",
    "audit_auditevent_action_2131bb77_like",
    "jobs_job_dedupe_key_b6fac13e_like",
    "jobs_job_status_383f1641_like",
    "jobs_job_kind_28d89374_like",
    "enrollment_enrollment_policy_id_3aa4b7ec_like",
    "enrollment_enrollment_subscriber_id_15273a16_like",
    "enrollment_enrollmentmember_member_id_a41e5b84_like",
    "notices_notice_related_id_92a2a83d_like",
    "notices_notice_status_9f80b71f_like",
}


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own indexes")
def test_the_unread_pattern_indexes_are_dropped_and_the_read_ones_kept():
    present = _indexes()
    assert not DROPPED & present
    assert "accounts_user_email_b2644a56_like" in present  # seeding's prefix search reads it
    assert "jobs_job_dedupe_key_key" in present  # the unique constraint's own index


def test_a_prefix_search_of_job_keys_still_finds_its_jobs():
    from django.utils import timezone

    from marketplace.jobs.models import Job

    for day in ("2027-01-05", "2027-01-06"):
        key = f"form1095a.slice:{day}:1"
        Job.objects.create(kind="form1095a.slice", dedupe_key=key, run_after=timezone.now())
    found = Job.objects.filter(
        kind="form1095a.slice", dedupe_key__startswith="form1095a.slice:2027-01-05:"
    )
    assert [j.dedupe_key for j in found] == ["form1095a.slice:2027-01-05:1"]
