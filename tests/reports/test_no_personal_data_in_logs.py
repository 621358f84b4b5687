"""No personal data in any log line (docs/adr/0006, ADR 1600), through a whole journey: a
person registers and signs in over HTTP, three households apply and two enroll through the
actions (tests/reports/conftest.py), every queued job runs (notices, verifications, 834s),
and an official opens the dashboard, its CSV and the open-enrollment report. Every record of
every logger, formatted with its arguments and its extra fields, is searched for the
people's e-mail addresses, names, SSN, birth dates and address."""

from __future__ import annotations

import json
import logging
import re

import pytest

from marketplace.core.jsonlog import EVENTS, JsonFormatter
from marketplace.enrollment.models import EnrollmentMember
from marketplace.jobs.queue import run_pending
from marketplace.jobs.registry import load_handlers
from tests.reports.conftest import official
from tests.verifications.households import PASSWORD

pytestmark = pytest.mark.django_db
STANDARD = set(vars(logging.makeLogRecord({})))


class Everything(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.json = JsonFormatter()

    def emit(self, record):
        extra = {k: v for k, v in vars(record).items() if k not in STANDARD}
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name} {text} {json.dumps(extra, default=str)}")
        if record.name == EVENTS.name:
            self.lines.append(self.json.format(record))


@pytest.fixture
def captured():
    handler = Everything()
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    EVENTS.addHandler(handler)  # whether or not the events logger propagates
    yield handler.lines
    EVENTS.removeHandler(handler)
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_a_journey_and_the_reports_log_no_personal_data(client, captured, households):
    # A person registers and signs in through the pages (her e-mail and password posted).
    dana = {"email": "dana.moreno@example.org", "password": PASSWORD, "preferred_language": "es"}
    client.post("/account/register/", dana)
    client.post("/account/login/", {"email": "dana.moreno@example.org", "password": PASSWORD})
    client.get("/shop/?email=dana.moreno@example.org&zip=02108")  # personal data in a URL
    client.post("/account/logout/")
    load_handlers()
    run_pending()  # everything the households' submissions and enrollments queued
    official(client)
    for path in (
        "/reports/",
        "/reports/?format=csv",
        "/reports/open-enrollment/",
        "/reports/open-enrollment/?format=csv",
    ):
        assert client.get(path).status_code == 200

    members = EnrollmentMember.objects.all()
    secrets = {
        "dana.moreno@example.org",
        "maria@example.org",
        "sam@example.org",
        "lena@example.org",
        "olivia@example.org",
        PASSWORD,
        "123456789",
        "123-45-6789",
    }
    for member in members:
        secrets |= {member.first_name, member.last_name, member.birth_date.isoformat()}
    for policy in {m.enrollment for m in members}:
        secrets |= {policy.street, policy.email, policy.phone} - {""}
    assert len(captured) > 20, "the journey wrote hardly any log lines"
    text = "\n".join(captured)
    patterns = {s: re.compile(rf"(?<![\w.@-]){re.escape(s)}(?![\w@-])", re.I) for s in secrets}
    found = sorted(secret for secret, pattern in patterns.items() if pattern.search(text))
    lines = [line for line in captured if any(patterns[s].search(line) for s in found)]
    assert not found, lines[:3]
