"""Operations against a real server with two gunicorn workers: /metrics adds up the
requests every worker answered (multiprocess mode), and /readyz turns ready once the
background worker has checked in."""

from __future__ import annotations

import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.operations.served import TOKEN, get, serve

pytestmark = pytest.mark.slow
PORT = 8161


def healthz_count() -> float:
    status, _, body = get(PORT, "/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    total = 0.0
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if (
                sample.name == "marketplace_http_requests_total"
                and sample.labels.get("route") == "healthz"
            ):
                total += sample.value
    return total


def test_metrics_add_up_across_workers_and_readyz_sees_the_worker(tmp_path):
    with serve(tmp_path, PORT, workers=2):
        # A start-up probe that timed out on the client may still be counted: wait until
        # the count stands still.
        before = healthz_count()
        for _ in range(20):
            time.sleep(1)
            settled = healthz_count()
            if settled == before:
                break
            before = settled
        for _ in range(40):
            assert get(PORT, "/healthz")[0] == 200
        assert healthz_count() == before + 40
        assert get(PORT, "/metrics")[0] == 404
        for _ in range(100):
            status, _, body = get(PORT, "/readyz")
            if status == 200:
                break
            time.sleep(0.3)
        assert status == 200, body
