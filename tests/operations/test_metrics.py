"""/metrics: Prometheus text, only to the bearer of the token; counts requests by route."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from marketplace.jobs import queue
from tests.operations.metrics_support import TOKEN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _token(settings):
    settings.MARKETPLACE_METRICS_TOKEN = TOKEN


def scrape(client) -> dict:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def count(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_request_is_counted_by_its_route_and_status(client):
    healthz = {"method": "GET", "route": "healthz", "status": "200"}
    before = count(scrape(client), "marketplace_http_requests_total", **healthz)
    assert client.get("/healthz").status_code == 200
    samples = scrape(client)
    after = count(samples, "marketplace_http_requests_total", **healthz)
    assert after == before + 1
    assert count(samples, "marketplace_http_request_duration_seconds_count", route="healthz") >= 1


def test_routes_are_patterns_never_raw_paths(client):
    client.get("/api/v1/counties/by/zip/02108")
    client.get("/no-such-page/123-45-6789")
    samples = scrape(client)
    routes = {dict(labels).get("route") for (name, labels) in samples if "route" in dict(labels)}
    assert "api/v1/counties/by/zip/<zipcode>" in routes
    assert "<unmatched>" in routes
    assert not any(route and "02108" in route for route in routes)
    assert not any(route and "123-45-6789" in route for route in routes)


def test_queue_depth_and_oldest_age_per_kind(client):
    queue.enqueue("tests.metrics.kind", {})
    queue.enqueue("tests.metrics.kind", {})
    samples = scrape(client)
    assert count(samples, "marketplace_jobs_queued", kind="tests.metrics.kind") == 2
    assert count(samples, "marketplace_jobs_oldest_due_age_seconds", kind="tests.metrics.kind") >= 0
    assert ("marketplace_active_sessions", ()) in samples


@pytest.mark.parametrize(
    "header", [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x"]
)
def test_anyone_without_the_token_gets_404(client, header):
    headers = {"Authorization": header} if header else {}
    assert client.get("/metrics", headers=headers).status_code == 404


def test_no_token_configured_means_nobody_gets_in(client, settings):
    settings.MARKETPLACE_METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404
