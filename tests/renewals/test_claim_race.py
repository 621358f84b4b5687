"""A policy another worker renewed while this worker's claim ran (PostgreSQL read committed:
the claim's NOT EXISTS reads the renewals of its start, and the other worker's commit frees
the lock the claim then takes) is left alone: not renewed twice, not put on the exceptions
list, not counted (renewals/run.py `_not_renewed`, ADR 0814)."""

from __future__ import annotations

import pytest
from django.db import transaction

from marketplace.enrollment.models import Enrollment
from marketplace.jobs.models import WorkException
from marketplace.renewals import run
from marketplace.renewals.models import Renewal
from tests.renewals.conftest import RENEWED_ON, by_name, enrolled, single

pytestmark = pytest.mark.django_db


def test_a_policy_renewed_while_the_claim_ran_is_not_renewed_again(settings, monkeypatch):
    enrolled(single("Jo", 30, 30000), by_name("Standard Silver"))
    enrolled(single("Ken", 45, 60000), by_name("Standard Silver"))
    settings.MARKETPLACE_TODAY = RENEWED_ON
    first, second = Enrollment.objects.filter(coverage_year=2026).order_by("id")
    with transaction.atomic():  # the other worker's batch, committed during the claim
        run.renew_one(first, 2027, run.IdPool())
    real_claim, stale = run._claim, [[first.pk, second.pk]]

    def claim_with_a_stale_view(from_year, skip, size, after=0):
        if stale:  # what the claim returns when the commit fell between its start and its lock
            keys = stale.pop()
            return list(run._with_related(Enrollment.objects.filter(pk__in=keys).order_by("id")))
        return real_claim(from_year, skip, size, after)

    monkeypatch.setattr(run, "_claim", claim_with_a_stale_view)
    outcomes = run.work(2026, 2027)

    assert run.households(outcomes) == 1
    assert outcomes["failed"] == 0
    assert not WorkException.objects.filter(source=run.SOURCE).exists()
    assert sorted(Renewal.objects.values_list("previous_id", flat=True)) == [first.pk, second.pk]
