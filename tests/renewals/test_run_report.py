"""`renew --report FILE`: the outcomes by county and by the old plan's insurer, as CSV
(renewals/run_report.py). The dry run's report is the rehearsal officials plan from, and the
real run then does what it said; every row agrees with the renewals stored; a file that cannot
be written is refused before anything is renewed."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from django.core.management.base import CommandError

from marketplace.renewals.models import Renewal
from tests.renewals.conftest import RENEWED_ON, mixed_state, renew

pytestmark = pytest.mark.django_db

COUNTERS = (
    "same_plan",
    "crosswalked",
    "lost_eligibility",
    "medicaid_chip",
    "needs_action",
    "already_chose",
    "failed",
)


def _read(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _stored() -> Counter:
    """(county, insurer, outcome): renewals, from the database."""
    return Counter(
        (r.application.countyfips, r.previous.issuer.hios_id, r.outcome)
        for r in Renewal.objects.select_related("application", "previous__issuer")
    )


def _reported(rows: list[dict]) -> Counter:
    return Counter(
        {
            (row["county_fips"], row["issuer_hios_id"], counter): int(row[counter])
            for row in rows[:-1]
            for counter in COUNTERS
            if int(row[counter])
        }
    )


def test_the_dry_run_reports_by_county_and_insurer_what_the_run_then_does(settings, tmp_path):
    mixed_state()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    printed = renew("--dry-run", "--report", str(tmp_path / "rehearsal.csv"))
    assert "Report by county and insurer: 3 rows in" in printed
    rehearsal = _read(tmp_path / "rehearsal.csv")
    places = [(r["county"], r["issuer"], r["households"]) for r in rehearsal]
    assert places == [  # by county, then insurer: Jo, Ken and Max live in Suffolk
        ("Norfolk", "Atlantic Shore Health", "1"),
        ("Suffolk", "Bay Colony Health Plan", "3"),
        ("All counties", "All insurers", "4"),
    ]
    assert not Renewal.objects.exists()

    renew("--report", str(tmp_path / "run.csv"))
    done = _read(tmp_path / "run.csv")
    assert done == rehearsal  # the rehearsal said what the run did
    assert _reported(done) == _stored()
    totals = done[-1]
    assert [int(totals[c]) for c in ("same_plan", "crosswalked", "needs_action")] == [1, 1, 1]
    assert int(totals["medicaid_chip"]) == 1


def test_a_report_that_cannot_be_written_is_refused_before_the_run(settings, tmp_path):
    mixed_state()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    with pytest.raises(CommandError, match=r"--report: cannot write .*missing/report\.csv"):
        renew("--report", str(tmp_path / "missing" / "report.csv"))
    assert not Renewal.objects.exists()
