"""The open-enrollment report: consumers (people on the policies chosen), new and
returning, APTC and CSR shares, metal mix, ages and FPL, for a date range; page and CSV."""

from __future__ import annotations

import csv
import io

import pytest

from marketplace.enrollment.models import EnrollmentMember
from tests.reports.conftest import official

pytestmark = pytest.mark.django_db
RANGE = {"start": "2025-11-01", "end": "2025-12-01"}


def test_the_report_counts_consumers_of_the_known_households(client, households):
    official(client)
    page = client.get("/reports/")
    assert 'href="/reports/open-enrollment/"' in page.content.decode()
    response = client.get("/reports/open-enrollment/", RANGE)
    assert response.status_code == 200
    report = response.context["report"]
    garcia_people = households["garcia"].members.count()
    assert report.total == garcia_people + 1  # and Sam
    assert report.new == report.total and report.returning == 0
    aptc_people = sum(p.members.count() for p in households.values() if p.elected_aptc > 0)
    assert report.aptc == aptc_people
    csr_people = sum(p.members.count() for p in households.values() if not p.plan_id.endswith("01"))
    assert report.csr == csr_people
    tables = {table.key: dict(table.rows) for table in report.tables}
    assert tables["metal"]["Silver"] == report.total
    ages = sorted(EnrollmentMember.objects.values_list("age", flat=True))
    assert sum(tables["age"].values()) == len(ages) == report.total
    assert tables["age"]["26 to 34"] == sum(1 for age in ages if 26 <= age <= 34)
    assert sum(tables["fpl"].values()) == report.total


def test_a_cancelled_selection_is_not_counted_and_a_range_before_counts_nothing(client, households):
    from marketplace.enrollment import actions

    official(client)
    actions.end_coverage(households["garcia"])
    households["garcia"].refresh_from_db()
    assert households["garcia"].status == "cancelled"
    report = client.get("/reports/open-enrollment/", RANGE).context["report"]
    assert report.total == 1
    earlier = {"start": "2025-10-01", "end": "2025-10-31"}
    assert client.get("/reports/open-enrollment/", earlier).context["report"].total == 0


def test_the_report_as_csv(client, households):
    official(client)
    response = client.get("/reports/open-enrollment/", {**RANGE, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = {(t, r, c): v for t, r, c, v in rows[1:]}
    total = households["garcia"].members.count() + 1
    assert cells[("summary", "total", "consumers")] == str(total)
    assert cells[("summary", "new", "share")] == "100.0%"
    assert cells[("metal", "Silver", "consumers")] == str(total)
