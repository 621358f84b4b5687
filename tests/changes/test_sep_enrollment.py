"""Enrolling and changing plans within the year through a special enrollment period (45 CFR
155.420): the right start date, the plan-category limit, the window's edge, a period a
caseworker granted, and no premium tax credit through an income-based period from 2026
(Public Law 119-21 section 71304)."""

from __future__ import annotations

from datetime import date

import pytest

from aca_rules import sep
from marketplace.changes import actions as change_actions
from marketplace.changes import periods
from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.enrollment import actions, states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.applications.conftest import make_user
from tests.changes.conftest import (
    SPRING,
    determined,
    member,
    report,
    report_birth,
    sam,
)
from tests.changes.sep_support import checkout
from tests.verifications.households import user as staff_user

pytestmark = pytest.mark.django_db


def test_without_a_period_no_plan_can_be_chosen_in_the_spring(uninsured):
    user, _, determination = uninsured
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, determination)
    assert exc.value.code == "outside_open_enrollment"


def test_loss_of_coverage_enrolls_from_the_first_of_the_next_month(uninsured):
    user, application, _ = uninsured
    report(application, "coverage_lost", member=str(member(application, "Sam").public_id))
    latest = application.determinations.first()
    enrollment = checkout(user, latest)
    assert enrollment.coverage_start == date(2026, 5, 1)
    assert enrollment.elected_aptc > 0
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert period.used_by == enrollment
    assert enrollment.pended  # held for the documents (155.420(g); test_sep_verification.py)


def test_loss_of_coverage_chosen_ahead_starts_the_day_after_the_old_coverage(uninsured):
    """155.420(d)(1)(i): the event date is the last day of the old coverage (May 31);
    (b)(2)(iv): chosen before it, coverage starts the first of the month after it."""
    user, application, _ = uninsured
    report(
        application,
        "coverage_lost",
        event_date=date(2026, 5, 31),
        member=str(member(application, "Sam").public_id),
    )
    enrollment = checkout(user, application.determinations.first())
    assert enrollment.coverage_start == date(2026, 6, 1)


def test_a_birth_enrolls_from_the_date_of_birth(db, settings):
    user, application, _ = determined("lee@example.org", sam(wages=90000))
    settings.MARKETPLACE_TODAY = SPRING
    born = date(2026, 4, 3)
    report_birth(application, born)
    enrollment = checkout(user, application.determinations.first())
    assert enrollment.coverage_start == born
    assert {m.first_name for m in enrollment.members.all()} == {"Sam", "Ada"}


def test_the_last_day_of_the_window_is_in_and_the_day_after_is_out(uninsured, settings):
    user, application, _ = uninsured
    report(
        application,
        "coverage_lost",
        event_date=date(2026, 4, 1),
        member=str(member(application, "Sam").public_id),
    )
    latest = application.determinations.first()
    settings.MARKETPLACE_TODAY = date(2026, 5, 31)  # April 1 + 60 days
    with pytest.raises(actions.EnrollmentError):
        checkout(user, latest, on=date(2026, 6, 1))
    enrollment = checkout(user, latest, on=date(2026, 5, 31))
    assert enrollment.coverage_start == date(2026, 6, 1)


def test_a_move_lets_an_enrollee_change_plans_within_the_metal_level(okafor):
    user, application, old = okafor
    area_at_checkout = old.rating_area
    change = report(application, "address", street="5 Elm St", city="Worcester", zipcode="01608")
    assert change.details["address_kind"] == "other_area"  # rating area 5 -> 2
    assert SpecialEnrollmentPeriod.objects.get(application=application).event == "permanent_move"
    latest = application.determinations.first()
    group = enrollment_group(latest)
    gold = next(q for q in quotes(group) if q.info.metal_level == "gold")
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, latest, plan_id=gold.plan_id)
    assert exc.value.code == "same_metal_level"
    new = checkout(user, latest)
    old.refresh_from_db()
    assert old.status == states.TERMINATED and old.coverage_end == date(2026, 4, 30)
    assert new.coverage_start == date(2026, 5, 1) and new.is_active
    assert new.rating_area != area_at_checkout
    assert Enrollment.objects.filter(application=application, status__in=states.ACTIVE).count() == 1


def test_a_move_within_the_rating_area_opens_no_period(okafor):
    _, application, _ = okafor
    change = report(application, "address", street="9 Beacon St", city="Boston", zipcode="02109")
    assert change.details["address_kind"] == "within_area"
    assert not SpecialEnrollmentPeriod.objects.filter(event="permanent_move").exists()


def test_a_caseworker_grant_lets_the_person_enroll(uninsured):
    user, application, determination = uninsured
    carla = staff_user("carla@example.org", role="caseworker")
    change_actions.grant_exceptional(
        application,
        event_date=date(2026, 4, 1),
        reason="In hospital all of open enrollment",
        actor=carla,
    )
    enrollment = checkout(user, determination)
    assert enrollment.coverage_start == date(2026, 5, 1)


def test_the_low_income_period_is_paused_through_2026(uninsured):
    """90 FR 27074 paused the 45 CFR 155.420(d)(16) period until the end of plan year 2026
    (events.yaml `paused`): a period recorded for April 2026 does not open checkout."""
    user, application, determination = uninsured
    periods.open_for(application, sep.period("low_income_monthly", date(2026, 4, 1)))
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, determination)
    assert exc.value.code == "outside_open_enrollment"


def test_no_premium_tax_credit_through_an_income_based_period_from_2027(uninsured):
    """From 2027 the (d)(16) period is back, but Public Law 119-21 section 71304 bars the
    credit for coverage enrolled through it: checkout is told to elect no APTC."""
    _, application, _ = uninsured
    periods.open_for(application, sep.period("low_income_monthly", date(2027, 1, 1)))
    special = periods.find(application, 2027, date(2027, 1, 20))
    assert special is not None and special.no_aptc
    assert special.start == date(2027, 2, 1)
    assert periods.find(application, 2027, date(2027, 2, 1)) is None  # once a month


def test_someone_elses_period_does_not_open_checkout(uninsured):
    user, _, determination = uninsured
    other = make_user("ben@example.org")
    from marketplace.applications import actions as application_actions

    theirs = application_actions.start_application(other)
    periods.open_for(theirs, sep.period("marriage", date(2026, 4, 1)))
    with pytest.raises(actions.EnrollmentError):
        checkout(user, determination)
