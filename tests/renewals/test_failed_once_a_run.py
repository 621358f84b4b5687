"""A household that cannot be renewed is tried once a run, however many workers the run has:
a worker that comes back to the start for what another worker left (a batch rolled back)
skips what the run's other workers already failed, so the report counts it once and the
progress never passes the total (renewals/run.py `work`; ADR 0834). A later run tries it
again."""

from __future__ import annotations

import pytest

from marketplace.applications.models import Member
from marketplace.enrollment.models import Enrollment
from marketplace.jobs.models import WorkException
from marketplace.renewals import run
from marketplace.renewals.models import Renewal
from tests.renewals.conftest import RENEWED_ON, by_name, enrolled, renew, single

pytestmark = pytest.mark.django_db


def _one_household_unreadable():
    """Three policies; the first one's SSN was encrypted under a key no longer configured."""
    for name, wages in (("Jo", 30000), ("Ken", 45000), ("Lu", 52000)):
        enrolled(single(name, 40, wages), by_name("Standard Silver"))
    bad = Enrollment.objects.filter(coverage_year=2026).order_by("id").first()
    Member.objects.filter(application=bad.application_id).update(
        ssn_encrypted="gAAAAABdamagedtokenthatnokeyopens"
    )
    return bad


def test_two_workers_of_one_run_try_a_failing_household_once(settings):
    bad = _one_household_unreadable()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    failed_in_run: list[int] = []  # what run.run shares among its worker processes

    first = run.work(2026, 2027, failed_in_run=failed_in_run)
    second = run.work(2026, 2027, failed_in_run=failed_in_run)  # the run's other worker

    assert (first["failed"], second["failed"]) == (1, 0)
    assert run.households(first) + run.households(second) == 3
    assert failed_in_run == [bad.pk]
    assert Renewal.objects.count() == 2
    assert WorkException.objects.filter(source=run.SOURCE).count() == 1


def test_a_later_run_tries_the_failed_household_again(settings):
    _one_household_unreadable()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    assert run.run(2026, 2027)["failed"] == 1

    again = run.run(2026, 2027)

    assert again["failed"] == 1
    assert run.households(again) == 1
    assert WorkException.objects.filter(source=run.SOURCE).count() == 1  # the same open item


def test_the_report_does_not_count_a_failed_household_as_renewed(settings):
    _one_household_unreadable()
    settings.MARKETPLACE_TODAY = RENEWED_ON

    report = renew().splitlines()

    assert report[0].startswith("Renewal 2026 -> 2027: renewed 2 policies")
    assert "  could not be renewed (on the exceptions list): 1" in report
    assert "All runs: 2 renewed, 1 left." in report
