"""Renewals in the casework area (casework/renewals.py): a household the renewal left without
a plan is on the "Renewals: must choose a plan" queue until it has one for the new year;
the household page shows each renewal, what it was renewed into and what is in force now.
Walked as a caseworker walks it, by the pages' own links."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from marketplace.casework import queues
from marketplace.enrollment.models import Enrollment
from marketplace.renewals.models import Outcome, Renewal
from tests.html_forms import links
from tests.renewals.conftest import RENEWED_ON, enrolled, issuer_plan, renew, single
from tests.reports.conftest import official
from tests.security.conftest import _person

pytestmark = pytest.mark.django_db

QUEUE = "/casework/queues/renewals/"
BLUE_RIDGE = "39847"
#: Blue Ridge's Gold Plus EPO: discontinued for 2027 with no crosswalk (the demo catalog).
GOLD_PLUS = issuer_plan(BLUE_RIDGE, "Gold Plus EPO")


def _renewed(settings) -> tuple:
    """Bo (NC) in a plan discontinued with no crosswalk: must choose. Al (MA) in a plan
    renewed as it is."""
    settings.MARKETPLACE_STATE = "NC"
    bo, _ = enrolled(single("Bo", 50, 70000, zipcode="28701", countyfips="37021"), GOLD_PLUS)
    al, _ = enrolled(single("Al", 40, 52000, zipcode="28701", countyfips="37021"), _cheapest)
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    return bo, al


def _cheapest(offered):
    return min(offered, key=lambda q: (q.premium, q.plan_id)).plan_id


@pytest.fixture
def carla():
    return _person("carla@example.org", "caseworker")


def _caseworker(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["marketplace_language"] = language
    return client


def _follow(client: Client, page: str, pattern: str) -> tuple[str, str]:
    found = links(page, pattern)
    assert found, f"no link matching {pattern}"
    response = client.get(found[0])
    assert response.status_code == 200
    return found[0], response.content.decode()


def _chose_since(client: Client) -> int:
    """The officials' dashboard: households left to choose a plan that have one now."""
    response = client.get("/reports/", {"start": "2026-12-01", "end": "2026-12-02"})
    rows = {table.key: dict(table.rows) for table, _chart in response.context["tables"]}
    return rows["renewals"]["Had to choose a plan, and has one now"]


def _section(client: Client, owner) -> dict:
    page = client.get(f"/casework/households/{owner.pk}/")
    return next(s for s in page.context["sections"] if s["key"] == "renewals")


def test_a_household_left_to_choose_is_worked_from_the_queue_until_it_has_a_plan(settings, carla):
    bo, al = _renewed(settings)
    assert Renewal.objects.get(previous__owner=bo).outcome == Outcome.NEEDS_ACTION
    assert Renewal.objects.get(previous__owner=al).outcome == Outcome.SAME_PLAN
    carla = _caseworker(carla)

    home = carla.get("/casework/").content.decode()
    _, backlog = _follow(carla, home, r"^/casework/queues/$")
    assert "Renewals: must choose a plan" in backlog
    _, queue = _follow(carla, backlog, rf"^{QUEUE}$")
    household_link = f"/casework/households/{bo.pk}/"
    assert links(queue, r"^/casework/households/") == [household_link]  # Bo only, not Al
    assert "2027: must choose a plan (by 12/31/2026 for coverage from January 1)" in queue

    _, household = _follow(carla, queue, rf"^{household_link}$")
    section = _section(carla, bo)
    [(years, outcome, renewed_into, net, changed, in_force, calls)] = section["rows"]
    assert calls.text == "Call sheet (0 call(s))"  # a call the household makes is recorded too
    sheet = carla.get(calls.url).content.decode()
    assert "Outcome: Must choose a plan" in sheet and "data-on-queue" not in sheet
    assert (years, str(outcome), renewed_into, net, in_force) == (
        "2026 → 2027",
        "Must choose a plan",
        "—",
        "—",
        "—",
    )
    assert changed == "Plan ID crosswalk: Discontinuing plan, no crosswalk"  # the PUF's words
    assert "Renewals" in household

    olivia = Client()
    official(olivia)
    assert _chose_since(olivia) == 0
    # The caseworker chooses a plan with Bo on the telephone, from the household page.
    plan_address, _ = _follow(carla, household, rf"^{household_link}plan/$")
    response = carla.get(plan_address)
    form = response.context["form"]
    plan_id = sorted(form.fields["plan"].choices)[0][0]
    chosen = carla.post(
        plan_address,
        {
            "plan": plan_id,
            "aptc": "0",
            "channel": "phone",
            "truthful": "on",
            "reconcile": "on",
            "terms": "on",
            "token": form["token"].value(),
        },
    )
    assert chosen.status_code == 302
    policy = Enrollment.objects.get(owner=bo, coverage_year=2027)
    assert policy.coverage_start == date(2027, 1, 1)

    assert links(carla.get(QUEUE).content.decode(), r"^/casework/households/") == []
    backlog = {row["queue"].key: row["total"] for row in queues.backlog()}
    assert backlog["renewals"] == 0
    assert _chose_since(olivia) == 1
    [row] = _section(carla, bo)["rows"]
    assert row[5] == f"{policy.plan_name} ({policy.policy_id})"


def test_the_renewed_plan_and_its_price_are_on_the_household_page(settings, carla):
    _, al = _renewed(settings)
    renewal = Renewal.objects.select_related("enrollment").get(previous__owner=al)
    policy = renewal.enrollment
    [row] = _section(_caseworker(carla), al)["rows"]
    expected_net = f"${policy.premium_after_credit:,.2f}"
    assert row[1:4] == (
        "Renewed in the same plan",
        f"{policy.plan_name} ({policy.policy_id})",
        expected_net,
    )
    assert row[5] == row[2]  # the renewed plan is the one in force

    spanish = _section(_caseworker(carla, "es"), al)
    assert str(spanish["title"]) == "Renovaciones"
    [row] = spanish["rows"]
    assert str(row[1]) == "Renovado en el mismo plan"
    assert row[3] == expected_net  # money as US Spanish pages write it (formats/es)


def test_the_queue_lets_go_when_open_enrollment_has_closed(settings):
    bo, _ = _renewed(settings)
    assert [r.application.owner_id for r in queues.queue("renewals").open_items()] == [bo.pk]
    settings.MARKETPLACE_TODAY = date(2027, 1, 16)  # the day after 2027's period closed
    assert list(queues.queue("renewals").open_items()) == []


def test_a_person_sees_neither_the_queue_nor_a_household_page(settings):
    bo, _ = _renewed(settings)
    person = Client()
    person.force_login(bo)
    assert person.get(QUEUE).status_code in (403, 404)
    assert person.get(f"/casework/households/{bo.pk}/").status_code in (403, 404)
