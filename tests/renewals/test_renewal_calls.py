"""Households a renewal kept covered but without the financial help they had, called before
the new year (casework/renewal_calls.py, ADR 1010): a caseworker follows the queues' links to
the "Renewals: financial help lost" queue, opens a household's call sheet, records what came
of each call; a call that reaches the household (or finds its number wrong) takes it off the
queue, as does anything the household does itself; a supervisor downloads the queue as a
calling list.

Omar's IRS record shows APTC not reconciled (155.305(f)(4)): renewed without the credit and
the cost-sharing reduction. Ada's income rose above what the credit allows. Sam keeps his.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils.formats import date_format

from marketplace.applications.models import Application
from marketplace.audit.models import AuditEvent
from marketplace.casework.models import RenewalCall
from marketplace.changes import actions as change_actions
from marketplace.enrollment import actions, dates
from marketplace.enrollment.selection import enrollment_group, quotes
from marketplace.renewals.models import Renewal
from tests.html_forms import Forms, links
from tests.renewals.conftest import (
    ATTESTED,
    RENEWED_ON,
    losing_help,
    queue_items,
    renew,
    staff_client,
)

pytestmark = pytest.mark.django_db

QUEUE = "/casework/queues/renewal-calls/"
CALL_SHEET = r"^/casework/renewals/[0-9a-f-]{36}/call/$"


def _renewed(settings) -> dict:
    """`losing_help`'s households (Omar's telephone on his application) renewed for 2027."""
    found = losing_help()
    omar_policy, ada_policy = found["omar"][1], found["ada"][1]
    Application.objects.filter(pk=omar_policy.application_id).update(phone="617-555-0142")
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    return {
        "omar": Renewal.objects.get(application_id=omar_policy.application_id),
        "ada": Renewal.objects.get(application_id=ada_policy.application_id),
        "ada_user": found["ada"][0],
        "omar_user": found["omar"][0],
    }


def _items(client) -> dict:
    return queue_items(client, QUEUE)


def _sent(client, sheet: str) -> dict:
    """What the call sheet's form sends untouched: the CSRF token and the form's token."""
    form = Forms(client.get(sheet).content.decode()).having("result")
    assert form["choices"]["result"] == ["reached", "message", "no_answer", "wrong_number"]
    return dict(form["fields"])


def _record(client, sheet: str, result: str, note: str = "", again: str = ""):
    sent = {**_sent(client, sheet), "result": result, "note": note, "call_back_on": again}
    return client.post(sheet, sent)


def test_a_caseworker_calls_until_the_household_is_reached(settings):
    renewed = _renewed(settings)
    carla = staff_client("caseworker")
    backlog = carla.get("/casework/queues/").content.decode()
    assert links(backlog, rf"^{QUEUE}$") == [QUEUE]
    items = _items(carla)
    assert sorted(items) == [
        "2027: premium tax credit lost: taxes not filed and reconciled; "
        "cost-sharing reductions lost",
        "2027: premium tax credit lost; cost-sharing reductions lost",
    ]
    sheet = items[
        "2027: premium tax credit lost: taxes not filed and reconciled; "
        "cost-sharing reductions lost"
    ]
    html = carla.get(sheet).content.decode()
    assert "Call about a renewal: Omar Omarson" in html
    assert 'href="tel:617-555-0142"' in html and 'data-on-queue="yes"' in html
    before, after = renewed["omar"].previous, renewed["omar"].enrollment
    assert after.premium_after_credit > before.premium_after_credit  # no credit any more
    assert f"${after.premium_after_credit:,.2f}" in html
    assert "No call yet." in html
    assert links(html, r"^/casework/households/\d+/$") == [
        f"/casework/households/{renewed['omar_user'].pk}/"
    ]

    response = _record(carla, sheet, "no_answer")
    assert response.status_code == 302 and response["Location"] == sheet
    assert "The call is recorded." in carla.get(sheet).content.decode()
    items = _items(carla)  # still there, with the try counted
    assert any(text.endswith("(1 call(s), the last: No answer)") for text in items)
    # The household page's renewals lead back to the sheet, with the calls counted.
    page = carla.get(f"/casework/households/{renewed['omar_user'].pk}/").content.decode()
    assert links(page, CALL_SHEET) == [sheet]
    assert f'<a href="{sheet}">Call sheet (1 call(s))</a>' in page

    _record(carla, sheet, "reached", note="Will file Form 8962 this week; call back 555-0199")
    assert len(_items(carla)) == 1  # Omar is off the queue; Ada is left
    html = carla.get(sheet).content.decode()
    assert 'data-on-queue="no"' in html
    assert [row.result for row in RenewalCall.objects.order_by("called_at", "pk")] == [
        "no_answer",
        "reached",
    ]
    assert "Will file Form 8962" in html  # the note, shown to staff
    stored = RenewalCall.objects.get(result="reached")
    assert "8962" not in stored.note_encrypted  # encrypted at rest
    events = AuditEvent.objects.filter(action="casework.renewal_call").order_by("id")
    assert [e.detail for e in events] == [
        {"result": "no_answer", "closing": False, "call_back_on": ""},
        {"result": "reached", "closing": True, "call_back_on": ""},
    ]
    assert all(e.actor.email == "caseworker@example.org" for e in events)


def test_the_same_form_sent_twice_records_one_call(settings):
    renewed = _renewed(settings)
    carla = staff_client("caseworker")
    sheet = f"/casework/renewals/{renewed['ada'].public_id}/call/"
    sent = {**_sent(carla, sheet), "result": "message"}
    assert carla.post(sheet, sent).status_code == 302
    assert carla.post(sheet, sent).status_code == 302
    assert RenewalCall.objects.count() == 1
    assert AuditEvent.objects.filter(action="casework.renewal_call").count() == 1


def test_a_call_with_no_result_is_refused_by_name_and_keeps_the_note(settings):
    renewed = _renewed(settings)
    carla = staff_client("caseworker")
    sheet = f"/casework/renewals/{renewed['ada'].public_id}/call/"
    response = carla.post(sheet, {**_sent(carla, sheet), "note": "Spoke to her daughter"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "What came of the call" in html and "This field is required." in html
    assert "Spoke to her daughter" in html
    assert not RenewalCall.objects.exists()


def test_a_household_that_acts_leaves_the_queue(settings):
    renewed = _renewed(settings)
    carla = staff_client("caseworker")
    assert len(_items(carla)) == 2
    # Ada's income was lower after all: she reports it, and is determined again.
    ada = renewed["ada"]
    change_actions.report_change(
        ada.application,
        kind="income",
        event_date=RENEWED_ON,
        details={
            "member": str(ada.application.members.get().public_id),
            "annual_income": "31000",
        },
        token=uuid.uuid4(),
        actor=renewed["ada_user"],
    )
    assert list(_items(carla)) == [
        "2027: premium tax credit lost: taxes not filed and reconciled; "
        "cost-sharing reductions lost"
    ]
    # Omar chooses a cheaper plan for 2027 himself: the renewed policy is replaced.
    omar = renewed["omar"]
    group = enrollment_group(omar.determination)
    cheapest = min(quotes(group), key=lambda q: (q.premium, q.plan_id)).plan_id
    assert cheapest != omar.enrollment.plan_id
    actions.checkout(
        user=renewed["omar_user"],
        determination=omar.determination,
        plan_id=cheapest,
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        on=RENEWED_ON,
    )
    assert _items(carla) == {}
    assert not RenewalCall.objects.exists()


def test_the_queue_ends_with_the_years_open_enrollment(settings):
    _renewed(settings)
    carla = staff_client("caseworker")
    assert len(_items(carla)) == 2
    settings.MARKETPLACE_TODAY = date(2027, 1, 16)  # the 2027 period closed on January 15
    assert _items(carla) == {}


def test_a_supervisor_downloads_the_queue_as_a_calling_list(settings):
    renewed = _renewed(settings)
    sam = staff_client("supervisor")
    [address] = links(sam.get(QUEUE).content.decode(), r"/calling-list/")
    _record(sam, f"/casework/renewals/{renewed['omar'].public_id}/call/", "message")
    response = sam.get(address)
    assert response["Content-Disposition"] == (
        'attachment; filename="calling-list-renewal-calls-2026-12-02.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_name_ = {row["household"]: row for row in rows}
    omar, ada = by_name_["Omar Omarson"], by_name_["Ada Adason"]
    assert (omar["telephone"], omar["coverage_year"]) == ("617-555-0142", "2027")
    assert (omar["aptc_lost"], omar["csr_lost"], ada["aptc_lost"], ada["csr_lost"]) == (
        "ftr",
        "yes",
        "other",
        "yes",
    )
    assert omar["premium_after_savings"] == f"{renewed['omar'].enrollment.premium_after_credit:.2f}"
    assert (omar["calls"], omar["last_call"], ada["calls"], ada["last_call"]) == (
        "1",
        "message",
        "0",
        "",
    )
    assert omar["casework_page"].endswith(f"/casework/renewals/{renewed['omar'].public_id}/call/")
    assert "Will" not in response.content.decode()  # no note in the list


def test_only_staff_see_a_call_sheet(settings):
    renewed = _renewed(settings)
    sheet = f"/casework/renewals/{renewed['ada'].public_id}/call/"
    person = Client()
    person.force_login(renewed["ada_user"])
    assert person.get(sheet).status_code == 404
    assert Client().get(sheet).status_code == 302  # to sign in
    carla = staff_client("caseworker")
    assert carla.get(f"/casework/renewals/{uuid.uuid4()}/call/").status_code == 404
    assert carla.get(QUEUE + "calling-list/").status_code == 404


def test_a_call_planned_for_a_later_day_waits_off_the_queue(settings):
    renewed = _renewed(settings)
    carla = staff_client("caseworker")
    sheet = f"/casework/renewals/{renewed['omar'].public_id}/call/"
    assert _record(carla, sheet, "message", again="2026-12-09").status_code == 302
    assert len(_items(carla)) == 1  # Omar waits; Ada is there
    html = carla.get(sheet).content.decode()
    assert 'data-on-queue="waiting"' in html and "until Dec. 9, 2026" in html
    [event] = AuditEvent.objects.filter(action="casework.renewal_call")
    assert event.detail["call_back_on"] == "2026-12-09"
    sam = staff_client("supervisor")
    [address] = links(sam.get(QUEUE).content.decode(), r"/calling-list/")
    assert len(list(csv.DictReader(io.StringIO(sam.get(address).content.decode())))) == 1

    settings.MARKETPLACE_TODAY = date(2026, 12, 9)  # the day: Omar is back, the tries counted
    assert any(text.endswith("(1 call(s), the last: Left a message)") for text in _items(carla))
    rows = csv.DictReader(io.StringIO(sam.get(address).content.decode()))
    assert {row["household"]: row["call_back_on"] for row in rows} == {
        "Omar Omarson": "2026-12-09",
        "Ada Adason": "",
    }


@pytest.mark.parametrize(
    "result, again, refused",
    [
        ("reached", "2026-12-09", "Leave it empty: a call that reached the household"),
        ("wrong_number", "2026-12-09", "Leave it empty: a call that reached the household"),
        ("message", "2026-12-02", "Choose a day after today."),
        ("no_answer", "after-the-period", "when open enrollment closes."),
        ("message", "next week", "Enter a valid date."),
    ],
)
def test_a_day_to_call_again_that_makes_no_sense_is_refused(settings, result, again, refused):
    renewed = _renewed(settings)
    carla = staff_client("caseworker")
    sheet = f"/casework/renewals/{renewed['omar'].public_id}/call/"
    closes = dates.window(settings.MARKETPLACE_STATE, 2027).closes
    if again == "after-the-period":
        again = (closes + timedelta(days=1)).isoformat()
        refused = f"Choose a day by {date_format(closes, 'DATE_FORMAT')}, {refused}"
    response = _record(carla, sheet, result, note="Kept", again=again)
    assert response.status_code == 400
    html = response.content.decode()
    assert refused in html and "Call again on (optional)" in html and "Kept" in html
    assert not RenewalCall.objects.exists()
