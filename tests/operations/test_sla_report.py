"""`marketplace sla-report`: availability, p95 latency and error rate per day, from the
requests the web processes answered."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import path

from marketplace.operations import sla
from marketplace.urls import urlpatterns as site

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a planted fault")


urlpatterns = [*site, path("tests/broken", broken)]


@pytest.fixture(autouse=True)
def _fresh():
    sla.COUNTS.flush()
    from marketplace.operations.models import DailyRequests

    DailyRequests.objects.all().delete()


def report(*args) -> list[dict]:
    out = io.StringIO()
    call_command("sla-report", "--csv", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_a_day_of_requests_with_an_error(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    for _ in range(19):
        assert client.get("/").status_code == 200
    assert client.get("/tests/broken").status_code == 500
    client.get("/healthz")  # probes are not counted
    [day] = report()
    assert day["day"] == "2025-12-01"
    assert day["requests"] == "20"
    assert day["availability"] == "0.95000"
    assert day["error_rate"] == "0.05000"
    assert float(day["p95_seconds"]) in sla.BUCKETS


def test_the_table_and_an_empty_range(client):
    client.get("/")
    out = io.StringIO()
    call_command("sla-report", "--days", "1", stdout=out)
    assert "2025-12-01" in out.getvalue() and "100.00%" in out.getvalue()
    empty = io.StringIO()
    call_command("sla-report", "--start", "2020-01-01", "--end", "2020-01-02", stdout=empty)
    assert "No requests recorded" in empty.getvalue()
