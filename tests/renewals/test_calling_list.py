"""The renewals queue as a calling list (casework/calling_list.py, ADR 1009): a supervisor
narrows the "Renewals: must choose a plan" queue to a county and downloads who to call, by
when, as CSV, following the pages' own links; a caseworker works the pages and gets no
list; a name typed as a formula stays text in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from marketplace.applications.models import Application
from marketplace.audit.models import AuditEvent
from marketplace.core.csv_cells import text_cell
from tests.html_forms import links
from tests.renewals.conftest import RENEWED_ON, enrolled, issuer_plan, renew, single
from tests.security.conftest import _person

pytestmark = pytest.mark.django_db

QUEUE = "/casework/queues/renewals/"
#: Blue Ridge's Gold Plus EPO: discontinued for 2027 with no crosswalk (the demo catalog).
GOLD_PLUS = issuer_plan("39847", "Gold Plus EPO")
BUNCOMBE, HENDERSON = "37021", "37089"
FORMULA_NAME = '=HYPERLINK("http://example.com")'
CALLING_LIST = re.compile(r"^/casework/queues/renewals/calling-list/")


def _cheapest(offered):
    return min(offered, key=lambda q: (q.premium, q.plan_id)).plan_id


def _renewed(settings) -> tuple:
    """Bo (Buncombe) and a household whose applicant typed a formula for a name (Henderson)
    in a plan discontinued with no crosswalk: both must choose. Al (Buncombe) renewed as is."""
    settings.MARKETPLACE_STATE = "NC"
    bo, _ = enrolled(single("Bo", 50, 70000, zipcode="28701", countyfips=BUNCOMBE), GOLD_PLUS)
    cy, _ = enrolled(
        single(FORMULA_NAME, 44, 61000, zipcode="28739", countyfips=HENDERSON), GOLD_PLUS
    )
    enrolled(single("Al", 40, 52000, zipcode="28701", countyfips=BUNCOMBE), _cheapest)
    Application.objects.filter(owner=bo).update(phone="828-555-0100")
    Application.objects.filter(owner=cy).update(phone="+1 828 555 0199")
    cy.preferred_language = "es"
    cy.save(update_fields=["preferred_language"])
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    return bo, cy


def _signed_in(role: str) -> Client:
    client = Client()
    client.force_login(_person(f"{role}@example.org", role))
    return client


def _rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_a_supervisor_downloads_who_to_call_from_the_queue_page(settings):
    bo, cy = _renewed(settings)
    sam = _signed_in("supervisor")
    backlog = sam.get("/casework/queues/").content.decode()
    assert links(backlog, rf"^{QUEUE}$") == [QUEUE]
    queue = sam.get(QUEUE).content.decode()
    [address] = links(queue, CALLING_LIST.pattern)
    response = sam.get(address)

    assert "no-cache" in response["Cache-Control"]
    assert response["Content-Disposition"] == (
        'attachment; filename="calling-list-renewals-2026-12-02.csv"'
    )
    rows = _rows(response)
    assert [row["casework_page"] for row in rows] == [  # oldest first: renewed in that order
        f"http://testserver/casework/households/{bo.pk}/",
        f"http://testserver/casework/households/{cy.pk}/",
    ]
    first, second = rows
    assert first["household"] == "Bo Boson"
    assert (first["telephone"], first["email"], first["language"]) == (
        "828-555-0100",
        bo.email,
        "en",
    )
    assert (first["county"], first["coverage_year"], first["choose_by"]) == (
        "Buncombe",
        "2027",
        "2026-12-31",  # the last day a choice starts coverage on January 1 (155.410(f))
    )
    assert (first["came_in"], first["assigned_to"]) == ("2026-12-02", "")
    # Typed text that a spreadsheet would evaluate is kept as text.
    assert second["household"] == "'" + FORMULA_NAME + " " + FORMULA_NAME + "son"
    assert (second["telephone"], second["language"], second["county"]) == (
        "'+1 828 555 0199",
        "es",
        "Henderson",
    )

    [event] = AuditEvent.objects.filter(action="casework.calling_list")
    assert event.detail == {"queue": "renewals", "show": "", "county": "", "rows": 2}
    assert "Bo" not in str(event.detail) and "828" not in str(event.detail)


def test_the_queue_narrows_to_a_county_and_so_does_its_list(settings):
    _, cy = _renewed(settings)
    sam = _signed_in("supervisor")
    page = sam.get(QUEUE)
    assert (HENDERSON, "Henderson") in page.context["filters"].fields["county"].choices
    narrowed = sam.get(QUEUE, {"county": HENDERSON})  # the page's county form, sent
    html = narrowed.content.decode()
    assert links(html, r"^/casework/households/") == [f"/casework/households/{cy.pk}/"]
    assert narrowed.context["counts"]["total"] == 1
    # "Mine" keeps the county; so does the calling list.
    assert f"?show=mine&amp;county={HENDERSON}" in html
    [address] = links(html, CALLING_LIST.pattern)
    response = sam.get(address)
    assert response["Content-Disposition"].endswith(f'-renewals-{HENDERSON}-2026-12-02.csv"')
    assert [row["county"] for row in _rows(response)] == ["Henderson"]

    # Taken by the supervisor, the item shows who has it; "nobody's yet" then lists Bo only.
    sam.post(QUEUE, {"item": [narrowed.context["page"]["rows"][0]["pk"]], "action": "take"})
    [row] = _rows(sam.get(address))
    assert row["assigned_to"] == "supervisor@example.org"
    unassigned = _rows(sam.get(CALLING_LIST.pattern[1:], {"show": "unassigned"}))
    assert [row["household"] for row in unassigned] == ["Bo Boson"]


def test_an_unknown_county_or_choice_is_named_and_refused(settings):
    _renewed(settings)
    sam = _signed_in("supervisor")
    for address in (QUEUE, CALLING_LIST.pattern[1:]):
        response = sam.get(address, {"county": "99999"})
        assert response.status_code == 400
        assert "County: Select a valid choice." in response.content.decode()
        response = sam.get(address, {"show": "everyone"})
        assert response.status_code == 400
        assert "Show: Select a valid choice." in response.content.decode()
    assert not AuditEvent.objects.filter(action="casework.calling_list").exists()


def test_a_caseworker_works_the_pages_and_gets_no_list(settings):
    bo, _ = _renewed(settings)
    carla = _signed_in("caseworker")
    queue = carla.get(QUEUE).content.decode()
    assert links(queue, r"^/casework/households/")  # the queue itself is theirs
    assert links(queue, CALLING_LIST.pattern) == []
    assert carla.get(CALLING_LIST.pattern[1:]).status_code == 404
    person = Client()
    person.force_login(bo)
    assert person.get(CALLING_LIST.pattern[1:]).status_code == 404
    assert Client().get(CALLING_LIST.pattern[1:]).status_code == 302  # to sign in
    other = "/casework/queues/identity/calling-list/"  # a queue with no calling list
    assert _signed_in("supervisor").get(other).status_code == 404


@pytest.mark.parametrize(
    "typed, written",
    [
        ("=1+1", "'=1+1"),
        ("+1 828", "'+1 828"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ana O'Neil", "Ana O'Neil"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_cell_a_spreadsheet_would_evaluate_is_kept_as_text(typed, written):
    assert text_cell(typed) == written
