"""Seeding in batches (ADR 0806): the batch variants of the application and checkout actions
give each household what the single actions give it, and `seed-households` counts, reruns
and resumes as it says."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketplace.accounts.models import User
from marketplace.applications import batch, seeding
from marketplace.audit.models import AuditEvent
from marketplace.core.bulk import refresh_statistics
from marketplace.determinations.models import Determination
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import seeding as enrollment_seeding
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.seeding import enroll_household, seed_enrolled
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs  # noqa: F401 - registers the handlers
from marketplace.notices.models import Notice
from marketplace.verifications.models import MedicaidReferral, VerificationItem
from tests.planner_support import rows_the_planner_knows

pytestmark = pytest.mark.django_db

PLACES = [("02108", "25025"), ("01002", "25015"), ("01201", "25003")]
HOUSEHOLDS = range(14)


def _single(k: int):
    """Household k through the single actions: the pages' journey, one step at a time."""
    rng = random.Random(f"single:{k}")
    determination = seeding.seed_one(rng, PLACES, f"single-{k}@example.org")
    enrollment = enroll_household(determination.application, determination, rng)
    return determination, enrollment


def _batched(ks):
    households = []
    for k in ks:
        rng = random.Random(f"single:{k}")
        households.append((f"batch-{k}@example.org", seeding.random_household(rng, PLACES), rng))
    return seed_enrolled(households)


def _policy(enrollment):
    if enrollment is None:
        return None
    members = [(m.first_name, m.relationship, m.age, m.premium) for m in enrollment.members.all()]
    return (
        enrollment.plan_id,
        enrollment.premium,
        enrollment.ehb_premium,
        enrollment.max_aptc,
        enrollment.elected_aptc,
        enrollment.state_subsidy,
        enrollment.premium_after_credit,
        enrollment.csr_level,
        enrollment.coverage_start,
        enrollment.rating_area,
        enrollment.status,
        members,
    )


def test_batch_determinations_and_policies_equal_the_single_actions():
    singles = {k: _single(k) for k in HOUSEHOLDS}
    result = _batched(HOUSEHOLDS)
    assert result.made == len(HOUSEHOLDS) and not result.refused
    for k in HOUSEHOLDS:
        determination, enrollment = singles[k]
        user = User.objects.get(email=f"batch-{k}@example.org")
        application = user.applications.get()
        batched = application.determinations.get()
        assert batched.result == determination.result
        assert batched.law_values_id == determination.law_values_id is not None
        assert batched.full_result == determination.full_result
        assert batched.input_snapshot == determination.input_snapshot
        assert batched.rules_version == determination.rules_version
        assert application.status == determination.application.status == "determined"
        assert application.step_reached == determination.application.step_reached
        assert _policy(Enrollment.objects.filter(owner=user).first()) == _policy(enrollment)
        referred = MedicaidReferral.objects.filter(application=application).count()
        assert (
            referred
            == MedicaidReferral.objects.filter(application=determination.application).count()
        )
    assert result.enrolled == sum(1 for _, e in singles.values() if e is not None) > 0
    # Seeded people carry SSNs the simulated data services confirm: nothing to verify.
    assert not VerificationItem.objects.exists()


def test_each_household_gets_its_rows_audit_834_and_notices():
    out = StringIO()
    call_command(
        "seed-households",
        "12",
        "--enroll",
        "--seed",
        "5",
        "--batch",
        "5",
        stdout=out,
        stderr=StringIO(),
    )
    enrolled = Enrollment.objects.count()
    assert f"Created 12 households with determinations, {enrolled} enrolled" in out.getvalue()
    assert enrolled >= 8
    assert OutboundTransaction.objects.filter(kind="addition").count() == enrolled
    assert Notice.objects.filter(kind="eligibility").count() == 12
    assert Notice.objects.filter(kind="enrollment_confirmation").count() == enrolled
    assert AuditEvent.objects.filter(action="application.submitted").count() == 12
    assert AuditEvent.objects.filter(action="enrollment.selected").count() == enrolled
    assert AuditEvent.objects.filter(action="notice.issued").count() == 12 + enrolled
    policies = set(Enrollment.objects.values_list("policy_id", flat=True))
    assert len(policies) == enrolled  # exchange ids are never reused


def test_the_same_seed_makes_the_same_households_whatever_the_batch_size():
    call_command(
        "seed-households",
        "7",
        "--enroll",
        "--seed",
        "9",
        "--batch",
        "2",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    call_command(
        "seed-households",
        "7",
        "--enroll",
        "--seed",
        "9",
        "--batch",
        "7",
        stdout=StringIO(),
        stderr=StringIO(),
    )

    def by_household(run: range):
        found = {}
        for enrollment in Enrollment.objects.select_related("owner"):
            n = int(enrollment.owner.email.split("-")[-1].split("@")[0])
            if n in run:
                found[n - run.start] = _policy(enrollment)
        return found

    first, again = by_household(range(0, 7)), by_household(range(7, 14))
    assert first == again and len(first) >= 4  # the rerun: new addresses, same households


def test_resume_completes_a_killed_run_and_a_finished_run_changes_nothing(monkeypatch):
    real, batches = enrollment_seeding.seed_enrolled, []

    def killed_at_the_third_batch(*args, **kwargs):
        batches.append(1)
        if len(batches) == 3:
            raise KeyboardInterrupt  # the process dies mid-run: that batch is rolled back
        return real(*args, **kwargs)

    command = "marketplace.enrollment.management.commands.seed-households"
    monkeypatch.setattr(f"{command}.seed_enrolled", killed_at_the_third_batch)
    args = ["seed-households", "10", "--enroll", "--seed", "4", "--batch", "3", "--resume"]
    with pytest.raises(KeyboardInterrupt):
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    assert User.objects.count() == 6
    monkeypatch.setattr(f"{command}.seed_enrolled", real)
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    assert "Created 4 households" in out.getvalue()
    emails = list(User.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails)) == 10
    counts = (
        Enrollment.objects.count(),
        OutboundTransaction.objects.count(),
        Notice.objects.count(),
        AuditEvent.objects.count(),
    )
    again = StringIO()
    call_command(*args, stdout=again, stderr=StringIO())
    assert "Created 0 households" in again.getvalue()
    assert (
        Enrollment.objects.count(),
        OutboundTransaction.objects.count(),
        Notice.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_a_household_the_checks_refuse_is_listed_and_the_others_go_on():
    good = seeding.random_household(random.Random(1), PLACES)
    bad = seeding.random_household(random.Random(2), PLACES)
    bad.countyfips = ""  # no county: the address step is not done
    submitted, refused = batch.submit_households(
        [("good@example.org", good), ("bad@example.org", bad)]
    )
    assert [s.user.email for s in submitted] == ["good@example.org"]
    assert refused == [batch.Refused("bad@example.org", "Choose your county.")]
    assert not User.objects.filter(email="bad@example.org").exists()


def test_workers_need_postgresql_and_resume_needs_a_seed(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="needs PostgreSQL"):
            call_command("seed-households", "2", "--workers", "2", stdout=StringIO())
    with pytest.raises(CommandError, match="--resume needs the --seed"):
        call_command("seed-households", "2", "--resume", stdout=StringIO())


def test_the_run_refreshes_the_statistics_of_the_tables_it_grows():
    """ADR 0828: without it, a fresh database's statistics say "empty" all run long and
    PostgreSQL read every determination to find a batch's latest ones."""
    args = ["seed-households", "5", "--enroll", "--seed", "6", "--batch", "2"]
    refresh_statistics([User])  # the statistics describe a state with no household yet

    call_command(*args, stdout=StringIO(), stderr=StringIO())

    # Batches of two: refreshed when 2 and 4 households were done (the next at 8).
    assert Determination.objects.count() == 5
    assert rows_the_planner_knows(Determination._meta.db_table) == 4


def test_seeding_more_into_a_state_the_statistics_describe_waits_for_it_to_double():
    """ADR 0831: the statistics of a state they already describe are refreshed once the run
    has added as many households again, not after its first batch."""
    call_command("seed-households", "4", "--seed", "7", stdout=StringIO(), stderr=StringIO())
    refresh_statistics([User, Determination])
    users, known = User.objects.count(), rows_the_planner_knows(Determination._meta.db_table)

    more = ["seed-households", str(users - 1), "--seed", "8", "--batch", "1"]
    call_command(*more, stdout=StringIO(), stderr=StringIO())
    assert rows_the_planner_knows(Determination._meta.db_table) == known  # not doubled yet

    again = ["seed-households", str(users), "--seed", "9", "--batch", "1"]
    call_command(*again, stdout=StringIO(), stderr=StringIO())  # 2 x users once it is done
    assert rows_the_planner_knows(Determination._meta.db_table) == known + 2 * users - 1


def test_the_plan_variants_are_read_once_until_a_new_catalog_lands():
    """A batch's checkout reads the state's plan variants once a process, and again after a
    catalog import (ADR 0837): a later batch reads none; the policies are the single
    actions'."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.catalog import versioning

    def variant_reads(ks) -> int:
        with CaptureQueriesContext(connection) as seen:
            result = _batched(ks)
        assert result.enrolled
        return sum('FROM "catalog_planvariant"' in q["sql"] for q in seen.captured_queries)

    versioning.invalidate()
    first = variant_reads(range(0, 5))  # pricing's catalog and checkout's variants
    assert first >= 1
    assert variant_reads(range(5, 10)) == 0
    versioning.invalidate()  # what a catalog import does in its process
    assert variant_reads(range(10, 14)) == first
    batched = {e.owner.email.split("-")[1]: _policy(e) for e in Enrollment.objects.all()}
    singles = {str(k): _policy(_single(k)[1]) for k in HOUSEHOLDS}
    assert {k: v for k, v in singles.items() if v is not None} == {
        k.split("@")[0]: v for k, v in batched.items()
    }


def test_a_seeded_batchs_notices_get_their_own_jobs_from_one_queuing_job():
    """A batch path (seeding) queues no delivery job of its own: one `notices.queue_delivery`
    for its notices, which a worker turns into each notice's own jobs (ADR 0839)."""
    _batched(range(6))
    notices = [str(key) for key in Notice.objects.values_list("public_id", flat=True)]
    queuing = Job.objects.filter(kind="notices.queue_delivery")
    assert notices and set(Job.objects.values_list("kind", flat=True)) <= {
        "notices.queue_delivery",
        "edi.export",
    }
    assert queuing.exists()
    run_pending(limit=Job.objects.count())  # the batch's own jobs: older than what they queue
    rendering = Job.objects.filter(kind="notices.render").values_list("payload", flat=True)
    assert sorted(payload["notice"] for payload in rendering) == sorted(notices)
