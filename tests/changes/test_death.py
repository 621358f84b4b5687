"""A death reported on line, end to end by following links: the member's coverage ends on
the date of death (45 CFR 155.430(d)(7)), the insurer's 834 terminates that member with
maintenance reason 03 (death; docs/puf-and-834.md B.3), the others' premium and APTC are
priced again from the first of the next month, and Form 1095-A shows both."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.applications import seeding
from marketplace.changes import actions as change_actions
from marketplace.changes.models import ReportedChange
from marketplace.edi import export
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.form1095a.models import Form1095A
from tests.changes.conftest import enrolled, member, report
from tests.verifications.households import user as staff_user
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db
DIED = date(2026, 4, 2)


@pytest.fixture
def couple(db, settings):
    """Maria (40, $60,000) and Jose (38, $22,000) on one silver policy with APTC; Maria
    alone still has a credit (about 380% of the poverty guideline)."""
    P = seeding.PersonSpec
    spec = seeding.HouseholdSpec(
        last_name="Garcia",
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Maria", 40, "self", "female", wages_yearly=60000),
            P("Jose", 38, "spouse", "male", wages_yearly=22000),
        ],
    )
    return enrolled("maria@example.org", spec, settings)


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def _follow(client, page: str, text_part: str) -> str:
    html = client.get(page).content.decode()
    for href in _links(html):
        if text_part in href:
            return href.replace("&amp;", "&")
    raise AssertionError(f"no link with {text_part!r} on {page}")


def _sent(tmp_path) -> list:
    out = []
    for path in export.export_pending(tmp_path).paths:
        result = validate_834(path)
        assert result.ok, result.errors
        out += read_834(path).transactions
    return out


def _form_1095a(tmp_path, settings) -> dict:
    settings.MARKETPLACE_TODAY = date(2027, 1, 15)
    call_command(
        "form-1095a",
        "--year",
        "2026",
        "--out",
        str(tmp_path / "forms"),
        "--no-pdf",
        stdout=StringIO(),
    )
    return Form1095A.objects.order_by("sequence").last().figures


def _column(figures: dict, name: str) -> list[Decimal]:
    return [Decimal(m[name]) for m in figures["months"]]


def test_a_spouse_dies_reported_by_following_links(client, couple, tmp_path, settings):
    user, application, policy = couple
    both, aptc_before = policy.premium, policy.elected_aptc
    client.force_login(user)
    index = _follow(client, "/enroll/coverage/", "/changes/")
    page = _follow(client, index, "kind=death")
    html = client.get(page).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    jose = member(application, "Jose")
    answer = client.post(
        page,
        {
            "kind": "death",
            "token": token,
            "event_date": "2026-04-02",
            "member": str(jose.public_id),
        },
    )
    assert answer.status_code == 302
    result = client.get(answer["Location"]).content.decode()
    policy.refresh_from_db()
    assert f"{policy.premium_after_credit:,.2f}" in result

    # The policy goes on for Maria; Jose's last day is the date of death.
    assert policy.status == states.EFFECTUATED
    row = policy.members.get(first_name="Jose")
    assert (row.coverage_end, row.end_reason) == (DIED, "death")
    assert [m.first_name for m in policy.covered_members()] == ["Maria"]
    assert policy.premium < both
    change = ReportedChange.objects.get(application=application)
    assert "155.430(d)(7)" not in change.followups  # nothing left for casework to date

    # The 834: Jose's 024 with reason 03 on the date of death; Maria's new amounts from May 1.
    sent = [t for t in _sent(tmp_path) if t.policy_id == policy.policy_id]
    ending = [t for t in sent if t.maintenance_type == "024"]
    assert len(ending) == 1
    [txn] = ending
    assert (txn.maintenance_reason, txn.additional_maintenance_reason) == ("03", "TERM")
    assert txn.coverage_end == DIED
    assert [m.member_id for m in txn.members] == [row.member_id]
    money = [t for t in sent if t.maintenance_type == "001"]
    assert money and money[-1].financial_effective_date == date(2026, 5, 1)
    assert money[-1].premium_total == policy.premium
    assert money[-1].aptc_amount == policy.elected_aptc

    # Form 1095-A: Jose covered to the date of death; the old premium and APTC for January
    # to April, the new ones from May.
    figures = _form_1095a(tmp_path, settings)
    ends = {p["first_name"]: p["end"] for p in figures["covered"]}
    assert ends == {"Maria": "2026-12-31", "Jose": "2026-04-02"}
    assert _column(figures, "premium") == [both] * 4 + [policy.premium] * 8
    assert _column(figures, "aptc") == [aptc_before] * 4 + [policy.elected_aptc] * 8
    assert Decimal(figures["totals"]["premium"]) == both * 4 + policy.premium * 8


def test_the_last_person_on_a_policy_dies_and_the_policy_ends_that_day(couple, tmp_path):
    """Jose alone on a policy of his own (Maria's ended): it ends on the date of death."""
    _, application, policy = couple
    jose_row = policy.members.get(first_name="Jose")
    maria_row = policy.members.get(first_name="Maria")
    # A policy whose subscriber is Jose: Maria leaves hers through the CIC pair first.
    from marketplace.enrollment import maintenance

    mine = maintenance.remove_member(
        policy, maria_row, end_date=date(2026, 3, 31), reason="voluntary"
    )
    assert mine.pk != policy.pk and mine.members.get().member_id == jose_row.member_id
    report(application, "death", event_date=DIED, member=str(member(application, "Jose").public_id))
    mine.refresh_from_db()
    assert (mine.status, mine.coverage_end, mine.end_reason) == (states.TERMINATED, DIED, "death")
    sent = [t for t in _sent(tmp_path) if t.policy_id == mine.policy_id]
    assert (sent[-1].maintenance_type, sent[-1].maintenance_reason) == ("024", "03")
    assert sent[-1].coverage_end == DIED
    assert Enrollment.objects.filter(application=application, status__in=states.ACTIVE).count() == 0


def test_a_death_before_coverage_began_cancels_the_member(couple):
    _, application, policy = couple
    Enrollment.objects.filter(pk=policy.pk).update(coverage_start=date(2026, 5, 1))
    report(application, "death", event_date=DIED, member=str(member(application, "Jose").public_id))
    row = policy.members.get(first_name="Jose")
    assert row.coverage_end == date(2026, 5, 1)  # cancelled from the begin date


def test_a_subscriber_who_dies_hands_the_policy_on_the_next_day(db, settings):
    """Jose is the subscriber (Maria left the policy earlier, a CIC pair); he dies in the
    middle of April: his policy ends that day and his mother's starts the next (CIC pair)."""
    P = seeding.PersonSpec
    spec = seeding.HouseholdSpec(
        last_name="Garcia",
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Maria", 40, "self", "female", wages_yearly=60000),
            P("Jose", 38, "spouse", "male", wages_yearly=22000),
            P("Ana", 62, "parent", "female"),
        ],
    )
    _, application, policy = enrolled("maria@example.org", spec, settings)
    from marketplace.enrollment import maintenance

    maria = policy.members.get(first_name="Maria")
    mine = maintenance.remove_member(policy, maria, end_date=date(2026, 3, 31), reason="voluntary")
    assert mine.members.get(is_subscriber=True).first_name == "Jose"
    report(application, "death", event_date=DIED, member=str(member(application, "Jose").public_id))
    mine.refresh_from_db()
    assert (mine.status, mine.coverage_end) == (states.TERMINATED, DIED)
    after = mine.replacement
    assert after is not None and after.coverage_start == date(2026, 4, 3)
    assert [m.first_name for m in after.covered_members()] == ["Ana"]


def test_a_caseworker_records_the_applicants_death_and_the_policy_ends_that_day(couple):
    """The person who applied died (45 CFR 155.430(d)(7)): the family calls, a caseworker
    reports it through the same action, and the coverage ends on the date of death."""
    _, application, policy = couple
    carla = staff_user("carla@example.org", role="caseworker")
    change_actions.report_change(
        application,
        kind="death",
        event_date=DIED,
        details={"member": str(member(application, "Maria").public_id)},
        token=uuid.uuid4(),
        actor=carla,
        by_caseworker=True,
    )
    # She held the policy: it ends on the day she died and passes to her husband (CIC pair)
    policy.refresh_from_db()
    assert (policy.status, policy.coverage_end) == (states.TERMINATED, DIED)
    after = policy.replacement
    assert after is not None and after.coverage_start == DIED + timedelta(days=1)
    assert "Maria" not in [m.first_name for m in after.covered_members()]
    # casework is told what is left to do
    change = application.reported_changes.get(kind="death")
    assert "give the account to a surviving adult" in change.followups
