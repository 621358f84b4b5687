"""`marketplace seed-households N --year YEAR` (docs/contracts.md 4.5): households seeded in that
plan year as of its open enrollment; by default the plan year on offer."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketplace.applications.models import Application
from marketplace.core import clock
from marketplace.enrollment.models import Enrollment

pytestmark = pytest.mark.django_db


def test_seeding_a_year_not_on_offer_runs_in_its_open_enrollment(settings):
    settings.MARKETPLACE_TODAY = date(2026, 12, 2)  # 2027 is on offer
    out = StringIO()
    call_command(
        "seed-households",
        "3",
        "--year",
        "2026",
        "--enroll",
        "--seed",
        "5",
        stdout=out,
        stderr=StringIO(),
    )
    assert "enrolled in a plan" in out.getvalue()
    assert set(Application.objects.values_list("coverage_year", flat=True)) == {2026}
    for application in Application.objects.all():
        # determined on the first day of the 2026 period (the Health Connector's)
        assert application.determinations.get().input_snapshot["determination_date"] == (
            "2025-11-01"
        )
    assert set(Enrollment.objects.values_list("coverage_year", flat=True)) == {2026}
    assert clock.today() == date(2026, 12, 2)  # the clock is back


def test_a_year_without_an_open_enrollment_period_is_refused(settings):
    with pytest.raises(CommandError, match="No open enrollment period for 2015"):
        call_command("seed-households", "1", "--year", "2015", stdout=StringIO())
