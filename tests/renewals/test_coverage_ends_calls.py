"""Households whose coverage a renewal ends, called before the new year (casework/
coverage_ends.py, ADR 1011): a caseworker follows the queues' links to "Renewals: coverage
ends", opens a household's call sheet, sees who is left out and why and what the household
can still do, records each call; the household leaves the queue when a call reaches it or when
it acts, and the queue empties when the year's open enrollment closes; a supervisor downloads
the queue as a calling list.

Gus's income fell within Medicaid: referred to the state Medicaid agency (45 CFR 155.302(b),
155.345(a)). Hal is incarcerated: no longer eligible for a Marketplace plan (155.305(a)(2)).
Sam's renewal changed nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

import pytest

from marketplace.casework.models import RenewalCall
from marketplace.changes import actions as change_actions
from marketplace.renewals.models import Outcome, Renewal
from tests.html_forms import Forms, links
from tests.renewals.conftest import RENEWED_ON, losing_coverage, queue_items, renew, staff_client

pytestmark = pytest.mark.django_db

QUEUE = "/casework/queues/renewal-coverage-ends/"
GUS = "2027: 1 referred to Medicaid or CHIP; coverage ends 12/31/2026"
HAL = "2027: no longer eligible for a Marketplace plan; coverage ends 12/31/2026"


def _renewed(settings) -> dict:
    found = losing_coverage()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    out = {name: Renewal.objects.get(previous=policy) for name, (_, policy) in found.items()}
    out["gus_user"] = found["gus"][0]
    return out


def _items(client) -> dict:
    return queue_items(client, QUEUE)


def _record(client, sheet: str, result: str):
    form = Forms(client.get(sheet).content.decode()).having("result")
    return client.post(sheet, {**dict(form["fields"]), "result": result})


def test_a_caseworker_calls_the_households_whose_coverage_ends(settings):
    renewed = _renewed(settings)
    assert (renewed["gus"].outcome, renewed["hal"].outcome, renewed["sam"].outcome) == (
        Outcome.MEDICAID_CHIP,
        Outcome.LOST_ELIGIBILITY,
        Outcome.SAME_PLAN,
    )
    carla = staff_client("caseworker")
    backlog = carla.get("/casework/queues/").content.decode()
    assert links(backlog, rf"^{QUEUE}$") == [QUEUE]
    items = _items(carla)
    assert sorted(items) == [GUS, HAL]  # Sam is covered in 2027: not called

    html = carla.get(items[GUS]).content.decode()
    assert "Call about a renewal: Gus Gusson" in html and 'data-on-queue="yes"' in html
    assert 'data-outcome="medicaid_chip"' in html
    assert "assessed eligible for Medicaid: referred to the state Medicaid agency" in html
    assert 'data-can-do="medicaid_chip"' in html and "ends on Dec. 31, 2026" in html
    assert links(html, rf"^{QUEUE}$") == [QUEUE]  # back to the queue it came from
    assert _record(carla, items[GUS], "no_answer").status_code == 302
    assert GUS + " (1 call(s), the last: No answer)" in _items(carla)
    _record(carla, items[GUS], "reached")
    assert list(_items(carla)) == [HAL]
    assert 'data-on-queue="no"' in carla.get(items[GUS]).content.decode()

    html = carla.get(items[HAL]).content.decode()
    assert 'data-can-do="lost_eligibility"' in html and "appeal within 90 days" in html
    assert "not eligible for a Marketplace plan" in html


def test_a_household_that_acts_leaves_the_queue_and_the_queue_ends_with_the_period(settings):
    renewed = _renewed(settings)
    carla = staff_client("caseworker")
    gus = renewed["gus"]
    change_actions.report_change(  # the new job pays what the old one did after all
        gus.application,
        kind="income",
        event_date=RENEWED_ON,
        details={"member": str(gus.application.members.get().public_id), "annual_income": "30000"},
        token=uuid.uuid4(),
        actor=renewed["gus_user"],
    )
    assert list(_items(carla)) == [HAL]
    assert not RenewalCall.objects.exists()
    # Nobody answered for Hal; the 2027 period closes on January 15 and the queue with it.
    settings.MARKETPLACE_TODAY = date(2027, 1, 16)
    assert _items(carla) == {}


def test_a_supervisor_downloads_the_queue_as_a_calling_list(settings):
    renewed = _renewed(settings)
    sam = staff_client("supervisor")
    _record(sam, f"/casework/renewals/{renewed['hal'].public_id}/call/", "message")
    [address] = links(sam.get(QUEUE).content.decode(), r"/calling-list/")
    response = sam.get(address)
    assert response["Content-Disposition"] == (
        'attachment; filename="calling-list-renewal-coverage-ends-2026-12-02.csv"'
    )
    rows = {row["household"]: row for row in csv.DictReader(io.StringIO(response.text))}
    gus, hal = rows["Gus Gusson"], rows["Hal Halson"]
    assert [
        (r["coverage_year"], r["outcome"], r["covered_until"], r["referred_to_medicaid_chip"])
        for r in (gus, hal)
    ] == [
        ("2027", "medicaid_chip", "2026-12-31", "1"),
        ("2027", "lost_eligibility", "2026-12-31", "0"),
    ]
    assert (gus["calls"], hal["calls"], hal["last_call"]) == ("0", "1", "message")
