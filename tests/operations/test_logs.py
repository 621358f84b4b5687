"""Structured logs: one JSON line per request and per job, the request id carried from the
request into the jobs it queued, and no personal data in either."""

import io
import json
import logging

import pytest

from marketplace.core.jsonlog import EVENTS, JsonFormatter
from marketplace.jobs import queue, worklist
from marketplace.jobs.models import Source, WorkException
from tests.staff import caseworker

pytestmark = pytest.mark.django_db
ran: list[dict] = []


@queue.handler("tests.logs.mail")
def _mail(payload):
    ran.append(payload)


@pytest.fixture
def lines():
    """The JSON lines the events logger writes during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    EVENTS.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    EVENTS.removeHandler(handler)


def test_one_line_per_request_with_route_status_and_time(client, lines):
    response = client.get("/api/v1/counties/by/zip/02108")
    [line] = [entry for entry in lines() if entry["event"] == "request"]
    assert line["route"] == "api/v1/counties/by/zip/<zipcode>"
    assert line["status"] == response.status_code and line["method"] == "GET"
    assert line["duration_ms"] >= 0 and line["role"] == "anonymous"
    assert len(line["request_id"]) == 32
    assert "02108" not in json.dumps(line)


def test_a_proxy_request_id_is_kept_and_a_malformed_one_replaced(client, lines):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21d4"})
    assert response["X-Request-ID"] == "lb-7f3a9c21d4"
    response = client.get("/healthz", headers={"X-Request-ID": "maria@example.org"})
    assert response["X-Request-ID"] != "maria@example.org"
    ids = [entry["request_id"] for entry in lines() if entry["event"] == "request"]
    assert ids[0] == "lb-7f3a9c21d4" and "maria" not in ids[1]


def test_a_job_line_carries_the_id_of_the_request_that_queued_it(client, lines):
    item = worklist.report(
        Source.EMAIL,
        "smtp_down",
        "The e-mail could not be sent.",
        object_type="Notice",
        object_id="n-1",
        retry_kind="tests.logs.mail",
        retry_payload={"notice": "n-1"},
    )
    caseworker(client)
    response = client.post(
        "/casework/work-exceptions/",
        {"item": item.pk, "action": "retry"},
        headers={"X-Request-ID": "retry-req-0001"},
    )
    assert response.status_code == 302
    assert WorkException.objects.get(pk=item.pk).resolved_at is not None
    assert queue.run_pending() == 1 and ran[-1] == {"notice": "n-1"}
    [job_line] = [entry for entry in lines() if entry["event"] == "job"]
    assert job_line["kind"] == "tests.logs.mail" and job_line["outcome"] == "done"
    assert job_line["request_id"] == "retry-req-0001"
    signed_in = [e for e in lines() if e["event"] == "request" and e["role"] == "caseworker"]
    assert signed_in, "requests of a signed-in person name the role, never the person"
    assert "carla" not in json.dumps(lines())


def test_personal_data_in_a_field_is_masked(lines):
    from marketplace.core import jsonlog

    jsonlog.event("request", route="x", note="write to maria@example.org about 123-45-6789")
    [line] = lines()
    assert "maria@example.org" not in line["note"] and "123-45-6789" not in line["note"]
