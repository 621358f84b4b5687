"""Form 1095-A with no command run (form1095a/schedule.py, ADR 0720): the workers issue the
year's forms on January 10 and the corrections on the 10th of every later month, in slices
any number of workers share, and join the slices into the same data file the command writes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.audit.models import AuditEvent
from marketplace.enrollment import maintenance, states
from marketplace.enrollment.models import Enrollment
from marketplace.form1095a import schedule
from marketplace.form1095a.models import Form1095A
from marketplace.jobs.models import Job, JobStatus
from marketplace.notices.models import Notice
from tests.enrollment.conftest import enroll

pytestmark = pytest.mark.django_db
NS = {"air": "urn:us:gov:treasury:irs:ext:aca:air:ty20a"}


@pytest.fixture
def policies(okafor, garcia, settings, tmp_path, monkeypatch):
    """Sam's policy and the Garcias', effectuated, two slices of one policy each."""
    settings.FORM1095A_DIR = tmp_path / "auto"
    monkeypatch.setattr(schedule, "SLICE_SIZE", 1)
    made = []
    for user, determination in (okafor, garcia):
        policy = enroll(user, determination)
        Enrollment.objects.filter(pk=policy.pk).update(status=states.EFFECTUATED)
        policy.refresh_from_db()
        made.append(policy)
    return made


def work(settings, day: date) -> None:
    """A worker started on `day` runs whatever is due, then stops."""
    settings.MARKETPLACE_TODAY = day
    call_command("worker", "--once", stdout=StringIO())


def records(settings) -> list[ET.Element]:
    path = settings.FORM1095A_DIR / "2026" / "form1095a-2026.xml"
    root = ET.fromstring(path.read_bytes())  # noqa: S314 (our own output)
    return root.findall("air:Form1095AUpstreamDetail", NS)


@pytest.mark.parametrize(
    ("today", "run"),
    [
        (date(2026, 12, 3), date(2026, 12, 10)),
        (date(2026, 12, 11), date(2027, 1, 10)),
        (date(2027, 1, 10), date(2027, 1, 10)),
        (date(2027, 1, 11), date(2027, 2, 10)),
    ],
)
def test_the_runs_fall_on_the_tenth_of_each_month(today, run):
    assert schedule.next_run(today) == run


def test_on_january_10_the_workers_issue_every_form_and_the_data_file(policies, settings, tmp_path):
    work(settings, date(2027, 1, 2))
    assert not Form1095A.objects.exists()  # queued for the 10th, not yet due
    assert Job.objects.filter(kind=schedule.START, status=JobStatus.PENDING).count() == 1
    work(settings, date(2027, 1, 10))
    assert Form1095A.objects.filter(kind="original").count() == 2
    notices = Notice.objects.filter(kind="form_1095a")
    assert notices.count() == 2 and all(n.is_ready for n in notices)
    assert Job.objects.filter(kind=schedule.SLICE, status=JobStatus.DONE).count() == 2
    numbers = [r.find("air:Policy/MarketPlacePolicyNum", NS).text for r in records(settings)]
    assert numbers == [p.policy_id for p in policies]
    # The command run afterwards finds nothing due and writes the very same data file.
    scheduled = (settings.FORM1095A_DIR / "2026" / "form1095a-2026.xml").read_bytes()
    out = StringIO()
    call_command("form-1095a", "--year", "2026", "--out", str(tmp_path / "cmd"), stdout=out)
    assert "0 original, 0 corrected, 0 void, 2 unchanged" in out.getvalue()
    assert (tmp_path / "cmd" / "form1095a-2026.xml").read_bytes() == scheduled
    assert AuditEvent.objects.filter(action="form1095a.run_finished").count() == 1
    assert not list((settings.FORM1095A_DIR / "2026").glob(".parts-*"))
    # The next run (February 10) is queued by the worker itself.
    assert Job.objects.filter(dedupe_key=f"{schedule.START}:2027-02-10").exists()


def test_a_later_month_issues_only_the_correction(policies, settings):
    work(settings, date(2027, 1, 10))
    garcias = policies[1]
    settings.MARKETPLACE_TODAY = date(2027, 1, 20)
    jose = garcias.members.get(first_name="Jose")
    maintenance.remove_member(garcias, jose, end_date=date(2026, 6, 30), reason="not_eligible")
    work(settings, date(2027, 2, 10))
    assert Form1095A.objects.count() == 3
    corrected = Form1095A.objects.get(kind="corrected")
    assert (corrected.enrollment_id, corrected.sequence) == (garcias.pk, 2)
    assert Notice.objects.filter(kind="form_1095a").count() == 3
    indicators = [r.find("air:CorrectedInd", NS).text for r in records(settings)]
    assert indicators == ["0", "1"]


def test_the_join_waits_for_every_slice(policies, settings):
    settings.MARKETPLACE_TODAY = date(2027, 1, 10)
    assert schedule.start(2026, "2027-01-10") == 2
    payload = {"year": 2026, "day": "2027-01-10", "try": 0}
    assert schedule.join(payload) is None  # no slice has run: it waits
    assert Job.objects.filter(dedupe_key=f"{schedule.JOIN}:2027-01-10:1").exists()
    for job in Job.objects.filter(kind=schedule.SLICE).order_by("id"):
        schedule.run_slice(job.payload)
        schedule.run_slice(job.payload)  # a slice run again issues nothing new
    Job.objects.filter(kind=schedule.SLICE).update(status=JobStatus.DONE)
    assert Form1095A.objects.count() == 2
    assert schedule.join(payload).exists()
    assert len(records(settings)) == 2


def test_a_year_without_policies_queues_nothing(settings, db, tmp_path):
    settings.FORM1095A_DIR = tmp_path / "auto"
    settings.MARKETPLACE_TODAY = date(2027, 1, 10)
    assert schedule.start(2026, "2027-01-10") == 0
    assert not Job.objects.filter(kind__in=[schedule.SLICE, schedule.JOIN]).exists()
