"""`marketplace seed-households` (docs/contracts.md 4.5)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.applications.models import Application
from marketplace.determinations.models import Determination

pytestmark = pytest.mark.django_db


def test_seed_households_makes_determined_households_through_the_actions():
    err = StringIO()
    call_command("seed-households", "6", seed=3, stdout=StringIO(), stderr=err)
    assert Application.objects.filter(status="determined").count() == 6
    assert Determination.objects.count() == 6
    sizes = {d.result["household_size"] for d in Determination.objects.all()}
    assert len(sizes) > 1
    assert "6/6" in err.getvalue()


def test_the_same_seed_gives_the_same_households():
    from random import Random

    from marketplace.applications import seeding

    places = [("02108", "25025"), ("01002", "25015")]
    first = [seeding.random_household(Random(11), places) for _ in range(3)]
    again = [seeding.random_household(Random(11), places) for _ in range(3)]
    assert first == again


def test_enroll_selects_plans_through_the_enrollment_actions(settings):
    # Issue 7: `--enroll` now enrolls (tests/enrollment/test_seed.py has the details).
    from marketplace.enrollment.models import Enrollment

    # Outside open enrollment: seeding picks a day in the window.
    settings.MARKETPLACE_TODAY = date(2026, 3, 1)
    out = StringIO()
    call_command("seed-households", "3", "--seed", "7", enroll=True, stdout=out, stderr=StringIO())
    assert "enrolled in a plan" in out.getvalue()
    assert Enrollment.objects.count() >= 1


def test_a_rerun_with_the_same_seed_makes_the_same_households_under_new_addresses():
    from marketplace.accounts.models import User

    call_command("seed-households", "2", seed=3, stdout=StringIO(), stderr=StringIO())
    call_command("seed-households", "2", seed=3, stdout=StringIO(), stderr=StringIO())
    emails = sorted(User.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails)) == 4
    assert Determination.objects.count() == 4
    facts = [
        (d.result["household_size"], d.input_snapshot["income"])
        for d in Determination.objects.order_by("id")
    ]
    assert facts[:2] == facts[2:]  # the same households, under new addresses


def test_a_locked_database_is_waited_for_and_the_batch_tried_again(monkeypatch):
    from django.db import OperationalError

    from marketplace.applications import batch

    real, calls = batch.submit_households, []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "submit_households", locked_once)
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    out = StringIO()
    call_command("seed-households", "2", seed=3, stdout=out, stderr=StringIO())
    assert "Created 2 households" in out.getvalue()
    assert Determination.objects.count() == 2 and len(calls) == 2
