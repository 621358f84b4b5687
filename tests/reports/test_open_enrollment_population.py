"""The open-enrollment report and the dashboard over a small population built by hand, with
every count known (report range 2025-11-01 to 2025-12-01, plan year 2026):

- Sam (households fixture): new; one consumer.
- Maria and Jose Garcia (households fixture): had a 2025 policy (ended at the year's end):
  returning; two consumers.
- Lena Ito: chose a 2026 plan; her 2025 policy was cancelled (it never covered her): new;
  one consumer.
- Ana and Luis Garcia: Ana, the subscriber, leaves before coverage starts, so their policy
  is cancelled and a new one (a CIC pair) carries Luis: the selection counts under the
  policy that carries it; one consumer.
- Rosa and Tomas Garcia: a policy with a retroactive start (2025-10-01) from which Tomas
  was taken off on 2025-10-31, before the report's start: one consumer (Rosa).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from marketplace.enrollment import maintenance
from marketplace.enrollment.models import Enrollment, Status
from tests.applications.conftest import garcias
from tests.enrollment.conftest import enroll
from tests.reports.conftest import determined, ito, official

pytestmark = pytest.mark.django_db
RANGE = {"start": "2025-11-01", "end": "2025-12-01"}
BOSTON = ZoneInfo("America/New_York")


def last_year(policy: Enrollment, status: str) -> Enrollment:
    """The same household's policy for 2025, chosen in the 2025 open enrollment."""
    old = Enrollment.objects.get(pk=policy.pk)
    old.pk = None
    old.public_id, old.checkout_token = uuid.uuid4(), uuid.uuid4()
    old.policy_id = f"PRIOR{policy.pk:06d}"
    old.coverage_year, old.status = 2025, status
    old.coverage_start = date(2025, 1, 1)
    old.coverage_end = date(2025, 1, 1) if status == Status.CANCELLED else date(2025, 12, 31)
    old.selected_at = datetime(2024, 11, 20, 10, tzinfo=BOSTON)
    old.save()
    return old


def couple(email: str):
    person, result = determined(email, garcias(), "online")
    policy = enroll(person, result)
    assert policy.members.count() == 2  # the parents; the children get CHIP
    return policy


@pytest.fixture
def population(households):
    last_year(households["garcia"], Status.TERMINATED)
    lena, lena_result = determined("lena.ito@example.org", ito(), "phone")
    lena_policy = enroll(lena, lena_result)
    last_year(lena_policy, Status.CANCELLED)
    ana = couple("ana@example.org")
    subscriber = ana.members.get(is_subscriber=True)
    carrier = maintenance.remove_member(
        ana, subscriber, end_date=date(2025, 12, 31), reason="voluntary"
    )
    ana.refresh_from_db()
    assert ana.status == Status.CANCELLED and carrier.replaces_id == ana.pk
    rosa = couple("rosa@example.org")
    Enrollment.objects.filter(pk=rosa.pk).update(coverage_start=date(2025, 10, 1))
    rosa.members.filter(is_subscriber=False).update(
        coverage_end=date(2025, 10, 31), end_reason="voluntary"
    )
    return {"selections": 5, "consumers": 6, "returning": 2}


def test_the_report_counts_each_kind_of_consumer_exactly(client, population):
    official(client)
    report = client.get("/reports/open-enrollment/", RANGE).context["report"]
    assert (report.total, report.new, report.returning) == (6, 4, 2)
    tables = {table.key: dict(table.rows) for table in report.tables}
    assert tables["metal"]["Silver"] == 6
    assert sum(tables["age"].values()) == sum(tables["fpl"].values()) == 6


def test_the_funnel_selections_equal_the_enrollments_table(client, population):
    official(client)
    response = client.get("/reports/", RANGE)
    [selections] = [s.count for s in response.context["stages"] if s.key == "selections"]
    chosen = Enrollment.objects.filter(
        selected_at__date__range=(date(2025, 11, 1), date(2025, 12, 1)), replaces__isnull=True
    )
    assert selections == chosen.count() == population["selections"]
    tables = {table.key: dict(table.rows) for table, _chart in response.context["tables"]}
    for key in ("metal", "fpl", "age", "county", "language", "channel", "returning"):
        assert sum(tables[key].values()) == selections, key
    # Households: the Garcias are back; Lena's cancelled 2025 policy does not make her so.
    assert tables["returning"] == {"New": 4, "Returning": 1}


def test_a_member_cancelled_before_coverage_starts_is_not_counted(client, households):
    garcia = households["garcia"]
    jose = garcia.members.get(is_subscriber=False)
    maintenance.remove_member(garcia, jose, end_date=date(2025, 12, 31), reason="voluntary")
    jose.refresh_from_db()
    assert jose.coverage_end == garcia.coverage_start  # cancelled: never covered
    official(client)
    report = client.get("/reports/open-enrollment/", RANGE).context["report"]
    assert report.total == 2  # Maria and Sam
