"""Renewal tests: the demo catalog for 2026 and 2027 (with its 2026 -> 2027 Plan ID
Crosswalk), households enrolled for 2026 during its open enrollment, renewed on
2026-12-02 (2027 open enrollment)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.applications.models import IncomeItem, Member
from marketplace.enrollment import actions
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.applications.conftest import make_user
from tests.security.conftest import _person
from tests.shopping import support

ENROLLED_ON = date(2025, 12, 1)  # 2026 open enrollment
RENEWED_ON = date(2026, 12, 2)  # 2027 open enrollment
ATTESTED = {"truthful": True, "reconcile": True, "terms": True}
P = seeding.PersonSpec


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        out = tmp_path_factory.mktemp("demo-puf")
        call_command("load-demo", out=out, year=[2026, 2027], stdout=StringIO(), stderr=StringIO())
        support.clear_caches()
        yield
        support.remove_catalog()
        support.clear_caches()


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    settings.MARKETPLACE_TODAY = ENROLLED_ON


def household(last_name, people, zipcode="02108", countyfips="25025"):
    return seeding.HouseholdSpec(
        last_name=last_name, zipcode=zipcode, countyfips=countyfips, people=people
    )


def single(first, age, wages, **where):
    return household(first + "son", [P(first, age, "self", "male", wages_yearly=wages)], **where)


def determined(spec, email=None):
    user = make_user(email or f"{uuid.uuid4().hex[:10]}@example.org")
    application = application_actions.start_application(user)
    seeding.fill_application(application, spec, actor=user)
    application.refresh_from_db()
    return user, application_actions.submit_application(application, user, None)


def enrolled(spec, pick, *, aptc=None):
    """Determined and enrolled for 2026 in the plan `pick(quotes)` returns (a 14-char id)."""
    user, determination = determined(spec)
    offered = quotes(enrollment_group(determination))
    plan_id = pick(offered)
    enrollment = actions.checkout(
        user=user,
        determination=determination,
        plan_id=plan_id,
        elected_aptc=aptc,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        on=ENROLLED_ON,
    )
    return user, enrollment


def by_name(label):
    """A picker: the plan whose name holds `label` (the first, by plan id)."""

    def pick(offered):
        return sorted(q.plan_id for q in offered if label in q.info.name)[0]

    return pick


def plan(plan_id):
    def pick(offered):
        assert plan_id in {q.plan_id for q in offered}, f"{plan_id} not offered"
        return plan_id

    return pick


def renew(*extra):
    out, err = StringIO(), StringIO()
    call_command("renew", "--from", "2026", "--to", "2027", *extra, stdout=out, stderr=err)
    return out.getvalue()


def issuer_plan(issuer: str, label: str):
    """A picker: the issuer's plan whose name ends with `label` (the first, by plan id)."""

    def pick(offered):
        ids = sorted(
            q.plan_id
            for q in offered
            if q.plan_id.startswith(issuer) and q.info.name.endswith(label)
        )
        assert ids, f"{issuer} offers no {label}"
        return ids[0]

    return pick


def losing_help() -> dict:
    """Three households enrolled for 2026 in a silver plan with the premium tax credit, whose
    renewal will find (45 CFR 155.305(f), (g)):
    - Omar: the IRS now reports APTC paid and not reconciled for every year (failure to file
      and reconcile, 155.305(f)(4)): no credit and no cost-sharing reduction;
    - Ada: her income rose above what the credit allows: neither;
    - Sam: nothing changed: he keeps both.
    {name: (user, 2026 policy)}."""
    omar = household(
        "Omarson", [P("Omar", 45, "self", "male", wages_yearly=32000, ssn="212554567")]
    )
    found = {"omar": enrolled(omar, by_name("Standard Silver"))}
    member = Member.objects.get(application_id=found["omar"][1].application_id)
    member.ssn = "212554444"  # since then the IRS reports FTR for every year
    member.save()
    found["ada"] = enrolled(single("Ada", 40, 30000), by_name("Standard Silver"))
    IncomeItem.objects.filter(member__application=found["ada"][1].application).update(
        amount=Decimal("150000")
    )
    found["sam"] = enrolled(single("Sam", 30, 30000), by_name("Standard Silver"))
    return found


def losing_coverage() -> dict:
    """Three households enrolled for 2026 in a silver plan, whose renewal will find:
    - Gus: his income fell to $15,000, within Medicaid (45 CFR 155.302(b)): referred, no 2027
      plan;
    - Hal: incarcerated since (155.305(a)(2)): no longer eligible for a Marketplace plan;
    - Sam: nothing changed: renewed in his plan.
    {name: (user, 2026 policy)}."""
    found = {"gus": enrolled(single("Gus", 30, 30000), by_name("Standard Silver"))}
    IncomeItem.objects.filter(member__application=found["gus"][1].application).update(
        amount=Decimal("15000")
    )
    found["hal"] = enrolled(single("Hal", 30, 30000), by_name("Standard Silver"))
    found["hal"][1].application.members.update(incarcerated=True)
    found["sam"] = enrolled(single("Sam", 30, 30000), by_name("Standard Silver"))
    return found


def mixed_state() -> None:
    """Four households enrolled for 2026 whose renewal differs: Jo (Suffolk) renewed in her
    silver plan; Ken (Suffolk), whose Bay Colony gold plan the crosswalk moves; Lu (Norfolk),
    whose Atlantic Shore plan is not offered in 2027 with no crosswalk: she must choose; Max
    (Suffolk), whose income fell within Medicaid: referred."""
    enrolled(single("Jo", 30, 30000), by_name("Standard Silver"))
    enrolled(single("Ken", 45, 60000), issuer_plan("31642", "Gold Plus HMO"))
    enrolled(
        single("Lu", 35, 70000, zipcode="02169", countyfips="25021"),
        issuer_plan("58914", "Standard Silver HMO"),
    )
    _, gone = enrolled(single("Max", 30, 30000), by_name("Standard Silver"))
    IncomeItem.objects.filter(member__application=gone.application).update(amount=Decimal("15000"))


def dropping_a_child() -> tuple:
    """Rosa (40) and her son Tito (10), enrolled together for 2026 on $120,000 a year; since
    then her income fell to $45,000, within CHIP's limit for a child in Massachusetts and
    above Medicaid's for her: renewed, she keeps her plan and Tito is left out of it.
    (user, 2026 policy)."""
    spec = household(
        "Rosason",
        [
            P("Rosa", 40, "self", "female", wages_yearly=120000),
            P("Tito", 10, "child", "male"),
        ],
    )
    user, policy = enrolled(spec, by_name("Standard Silver"))
    IncomeItem.objects.filter(member__application=policy.application).update(
        amount=Decimal("45000")
    )
    return user, policy


def staff_client(role: str) -> Client:
    """A test client signed in as a staff member of `role` (`role`@example.org)."""
    client = Client()
    client.force_login(_person(f"{role}@example.org", role))
    return client


def queue_items(client, queue: str) -> dict:
    """{the item's text: its link} on the first page of the work queue at `queue`."""
    page = client.get(queue)
    assert page.status_code == 200
    return {row["text"]: row["link"] for row in page.context["page"]["rows"]}
