"""Schemathesis over the OpenAPI document (docs/adr/0402-api-and-form-fuzzing.md): requests
made from the schema, valid and invalid, against the whole Django stack.

Every answer must be no 5xx, in the documented status codes, content type and response
schema; a request the schema refuses must be refused (4xx); a request the schema allows
must be answered 200, or 400/404 for what a schema cannot say (a zip code outside the
served state, a county that does not hold the zip code, two spouses), and every refusal
names the field. `make test` runs MARKETPLACE_FUZZ_EXAMPLES (default 25) examples per
operation and mode; `make bench ONLY=fuzz` runs many more.
"""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("MARKETPLACE_FUZZ_EXAMPLES", "25"))
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}}}
)
#: Places of the served state, so that generated households reach the rules and the
#: pricing, not only the place checks.
SERVED_PLACES = [
    {"state": "MA", "zipcode": "02108", "countyfips": "25025"},
    {"state": "MA", "zipcode": "01002"},
    {"state": "MA", "zipcode": "02601", "countyfips": None},
]

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


def _well_formed(place) -> bool:
    if not isinstance(place, dict) or not set(place) <= {"state", "zipcode", "countyfips"}:
        return False
    county = place.get("countyfips")
    return (
        isinstance(place.get("state"), str)
        and re.fullmatch(r"[A-Z]{2}", place["state"]) is not None
        and isinstance(place.get("zipcode"), str)
        and re.fullmatch(r"[0-9]{5}", place["zipcode"]) is not None
        and (county is None or (isinstance(county, str) and re.fullmatch(r"[0-9]{5}", county)))
    )


@schemathesis.hook
def flatmap_body(ctx, body):
    """Half the generated bodies with a well-formed place get a real place of the served
    state instead (a malformed one is kept: it is what a negative case tests)."""
    if not isinstance(body, dict) or not _well_formed(body.get("place")):
        return st.just(body)
    return st.sampled_from([None, *SERVED_PLACES]).map(
        lambda place: body if place is None else {**body, "place": {**body["place"], **place}}
    )


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes the database connection after each request; the test
    client does not, and neither may these calls (the test's transaction lives on it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schemathesis.check
def refusals_name_the_field(ctx, response, case):
    """A 4xx answer is a CMS error object whose `errors` name each bad field."""
    if 400 <= response.status_code < 500:
        headers = {name.lower(): value for name, value in response.headers.items()}
        assert headers.get("content-type", [""])[0].startswith("application/json"), (
            response.status_code,
            response.text[:300],
        )
        body = response.json()
        assert {"code", "status", "message", "error", "errors"} <= set(body), body
        assert body["errors"] and all(isinstance(v, str) and v for v in body["errors"].values())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_request_as_its_schema_says(case):
    case.call_and_validate(additional_checks=[refusals_name_the_field])
