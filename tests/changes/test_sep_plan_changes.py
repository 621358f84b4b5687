"""Changing plans within the year through a special enrollment period, through checkout:
the plan-category limits of 45 CFR 155.420(a)(4)(ii)(A)-(B) for a change in cost-sharing
reductions, (a)(4)(i) for a dependent gained (the current plan, at the window's edges), and
the period chosen when a household has an income-based one too (Public Law 119-21 section
71304 bars the credit only through the income-based one)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from aca_rules import sep
from marketplace.changes import actions as change_actions
from marketplace.changes import periods
from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.enrollment import actions, states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.changes.conftest import (
    IN_OPEN_ENROLLMENT,
    SPRING,
    determined,
    enrolled,
    member,
    report,
    report_birth,
    sam,
)
from tests.changes.sep_support import checkout
from tests.verifications.households import user as staff_user

pytestmark = pytest.mark.django_db


def _plan(determination, metal: str) -> str:
    return next(
        q.plan_id
        for q in quotes(enrollment_group(determination))
        if q.info.metal_level.lower() == metal and not q.info.state_program
    )


def _income(application, wages: str):
    return report(
        application, "income", member=str(member(application, "Sam").public_id), annual_income=wages
    )


def test_a_silver_enrollee_who_loses_csr_may_move_one_metal_level_up(okafor):
    user, application, old = okafor
    assert old.csr_level  # about 200% FPL: a silver plan with CSR
    change = _income(application, "52000")
    assert not change.after.result.get("csr")
    assert SpecialEnrollmentPeriod.objects.filter(event="subsidy_eligibility_change").exists()
    latest = application.determinations.first()
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, latest, plan_id=_plan(latest, "platinum"))  # two levels: refused
    assert exc.value.code == "same_metal_level"
    new = checkout(user, latest, plan_id=_plan(latest, "gold"))
    old.refresh_from_db()
    assert new.metal_level.lower() == "gold" and new.coverage_start == date(2026, 5, 1)
    assert old.status == states.TERMINATED and old.coverage_end == date(2026, 4, 30)


def test_a_bronze_enrollee_newly_eligible_for_csr_may_change_to_silver(db, settings):
    user, application, first = determined("lee@example.org", sam(wages=52000))
    assert not first.result.get("csr")
    bronze = checkout(user, first, plan_id=_plan(first, "bronze"), on=IN_OPEN_ENROLLMENT)
    Enrollment.objects.filter(pk=bronze.pk).update(status=states.EFFECTUATED)
    settings.MARKETPLACE_TODAY = SPRING
    change = _income(application, "30000")
    assert change.after.result.get("csr")
    latest = application.determinations.first()
    new = checkout(user, latest, plan_id=_plan(latest, "silver"))
    bronze.refresh_from_db()
    assert new.metal_level.lower() == "silver" and new.csr_level
    assert bronze.coverage_end == date(2026, 4, 30)


def test_an_income_based_period_does_not_take_the_credit_of_another_period(uninsured):
    user, application, determination = uninsured
    periods.open_for(application, sep.period("low_income_monthly", date(2026, 4, 1)))
    carla = staff_user("carla@example.org", role="caseworker")
    change_actions.grant_exceptional(
        application, event_date=date(2026, 4, 5), reason="Hospital stay", actor=carla
    )
    assert Decimal(str(determination.result["aptc"])) > 0
    enrollment = checkout(user, determination)
    assert enrollment.max_aptc > 0 and enrollment.elected_aptc > 0
    used = SpecialEnrollmentPeriod.objects.get(used_by=enrollment)
    assert used.event == "exceptional_circumstances"


def _baby_born(settings, born):
    user, application, policy = enrolled("lee@example.org", sam(wages=90000), settings)
    report_birth(application, born)
    return user, application, policy


def _another_silver(determination, current_plan_id):
    return next(
        q.plan_id
        for q in quotes(enrollment_group(determination))
        if q.info.metal_level.lower() == "silver"
        and not q.info.state_program
        and q.plan_id != current_plan_id[:14]
    )


def test_a_birth_adds_the_baby_to_the_current_plan_and_no_other(settings):
    """45 CFR 155.420(a)(4)(i): the enrollee who gained a dependent adds them to the current
    plan; another plan, even of the same metal level, only if the current one does not take
    the dependent (here it does: it is offered to the family). On the 60th day after the
    birth (June 2) the period is still open, and the answer is the same."""
    user, application, policy = _baby_born(settings, date(2026, 4, 3))
    policy.refresh_from_db()
    assert {m.first_name for m in policy.covered_members()} == {"Sam", "Ada"}
    latest = application.determinations.first()
    other = _another_silver(latest, policy.plan_id)
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, latest, plan_id=other, on=date(2026, 6, 2))
    assert exc.value.code == "add_to_current_plan"
    bronze = _plan(latest, "bronze")
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, latest, plan_id=bronze, on=date(2026, 6, 2))
    assert exc.value.code == "same_metal_level"


def test_the_day_after_the_birth_window_no_plan_change_at_all(settings):
    user, application, policy = _baby_born(settings, date(2026, 4, 3))
    latest = application.determinations.first()
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, latest, plan_id=policy.plan_id[:14], on=date(2026, 6, 3))
    assert exc.value.code == "outside_open_enrollment"


def test_the_checkout_page_says_why_another_plan_is_refused(client, settings):
    user, application, policy = _baby_born(settings, date(2026, 4, 3))
    latest = application.determinations.first()
    other = _another_silver(latest, policy.plan_id)
    client.force_login(user)
    page = client.get(f"/enroll/{latest.public_id}/plans/{other}/checkout/")
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    answer = client.post(
        f"/enroll/{latest.public_id}/plans/{other}/checkout/",
        {"token": token, "aptc": "0", "truthful": "on", "reconcile": "on", "terms": "on"},
    )
    assert answer.status_code in (200, 400)
    assert "add your new family member to your current" in answer.content.decode()


def _married_out_of_connectorcare(settings):
    """Sam ($30,000, ConnectorCare Plan Type 2B) chose a ConnectorCare plan in open
    enrollment; on April 10 he marries Pat ($90,000): the household's income ($120,000) is
    far above ConnectorCare's 500% (956 CMR 12.04(3)(a)) and the credit's 400% for 2026, so
    his ConnectorCare plan is no longer offered to the family with Pat (offered only to the
    program's households, 956 CMR 12.04(3); ADR 0801)."""
    user, application, determination = determined("sam@example.org", sam())
    connectorcare = next(
        q.plan_id for q in quotes(enrollment_group(determination)) if q.info.state_program
    )
    policy = checkout(user, determination, plan_id=connectorcare, on=IN_OPEN_ENROLLMENT)
    Enrollment.objects.filter(pk=policy.pk).update(status=states.EFFECTUATED)
    settings.MARKETPLACE_TODAY = SPRING
    change = report(
        application,
        "marriage",
        first_name="Pat",
        last_name="Okafor",
        date_of_birth="1994-05-01",
        sex="female",
        annual_income="90000",
    )
    return user, application, policy, change


def test_a_plan_that_does_not_take_the_spouse_lets_the_enrollee_change_plans(settings):
    """45 CFR 155.420(a)(4)(i): "if the current QHP's business rules do not allow the
    dependent to enroll", the enrollee may change to another plan of the same metal level.
    Pat is not added to the ConnectorCare policy (casework is told, and nothing is left
    half-written on it), and Sam changes both of them to another silver plan from May 1."""
    user, application, policy, change = _married_out_of_connectorcare(settings)
    assert any("Pat Okafor joins the household" in f for f in change.followups.splitlines())
    policy.refresh_from_db()
    assert [m.first_name for m in policy.covered_members()] == ["Sam"]
    latest = application.determinations.first()
    other = _another_silver(latest, policy.plan_id)
    new = checkout(user, latest, plan_id=other, on=date(2026, 4, 20))
    assert new.plan_id[:14] == other and new.coverage_start == date(2026, 5, 1)
    assert sorted(m.first_name for m in new.covered_members()) == ["Pat", "Sam"]
    policy.refresh_from_db()
    assert policy.coverage_end == date(2026, 4, 30)


def test_the_plan_change_is_still_kept_to_the_metal_level(settings):
    user, application, _, _ = _married_out_of_connectorcare(settings)
    latest = application.determinations.first()
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, latest, plan_id=_plan(latest, "bronze"), on=date(2026, 4, 20))
    assert exc.value.code == "same_metal_level"
