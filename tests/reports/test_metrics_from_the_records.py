"""/metrics, read from the records at scrape time, for households with known outcomes: the
834s waiting per issuer, jobs failing and given up, items waiting for a data service, the
worker's last check-in and active sessions (docs/adr/1600-metrics-logs-and-health.md)."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from marketplace.jobs import queue
from marketplace.jobs.models import Job, JobStatus
from marketplace.verifications.models import VerificationItem
from tests.reports.conftest import official

pytestmark = pytest.mark.django_db
TOKEN = "a-long-random-metrics-token"


def scrape(client, settings) -> dict:
    settings.MARKETPLACE_METRICS_TOKEN = TOKEN
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_every_gauge_from_the_records(client, settings, households):
    issuer = households["garcia"].issuer.hios_id
    # Any open item (since 45 CFR 155.320(c)(5) an IRS "no data" answer opens no income item).
    item = VerificationItem.objects.order_by("pk").first()
    VerificationItem.objects.filter(pk=item.pk).update(awaiting_service=True)
    retrying = queue.enqueue("tests.gauges.flaky", {})
    Job.objects.filter(pk=retrying.pk).update(attempts=1)  # failed once: to be tried again
    given_up = queue.enqueue("tests.gauges.flaky", {"n": 2})
    Job.objects.filter(pk=given_up.pk).update(status=JobStatus.FAILED)
    queue.check_in("gauges-worker")
    official(client)  # a session
    samples = scrape(client, settings)
    # The two new policies' 834 additions, not yet exported.
    assert (
        samples[("marketplace_edi_834_backlog", (("issuer", issuer), ("status", "pending")))] == 2
    )
    assert samples[("marketplace_data_service_waiting_items", (("type", item.type),))] == 1
    flaky = (("kind", "tests.gauges.flaky"),)
    assert samples[("marketplace_jobs_retrying", flaky)] == 1
    assert samples[("marketplace_jobs_failed", flaky)] == 1
    assert samples[("marketplace_jobs_queued", flaky)] == 1
    assert 0 <= samples[("marketplace_worker_last_check_in_age_seconds", ())] < 60
    assert samples[("marketplace_active_sessions", ())] >= 1
