"""45 CFR 155.420(a)(5): a move to another rating area opens a special enrollment period only
when someone in the household had coverage on one of the 60 days before it (or lived abroad
or in a U.S. territory, or is an American Indian or Alaska Native): from our own
enrollments, the application's coverage facts, or the person's answer; else no period, with
the reason shown."""

from __future__ import annotations

import re
from datetime import date

import pytest

from marketplace.changes.models import ReportedChange, SpecialEnrollmentPeriod
from marketplace.enrollment import actions
from tests.changes.conftest import SPRING, determined, haddad_spec, member, report
from tests.changes.sep_support import checkout

pytestmark = pytest.mark.django_db

WORCESTER = {"street": "5 Elm St", "city": "Worcester", "zipcode": "01608"}


def _periods(application) -> list[str]:
    return list(
        SpecialEnrollmentPeriod.objects.filter(application=application).values_list(
            "event", flat=True
        )
    )


def test_an_uninsured_household_that_moves_gets_no_period(client, uninsured):
    user, application, _ = uninsured
    change = report(application, "address", **WORCESTER)
    assert change.details["address_kind"] == "other_area"
    assert _periods(application) == []
    assert change.periods_refused == [{"event": "permanent_move", "reason": "no_prior_coverage"}]
    client.force_login(user)
    html = client.get(f"/changes/{change.public_id}/").content.decode()
    assert 'id="periods-refused"' in html and "155.420(a)(5)" in html


def test_the_person_may_attest_coverage_we_cannot_see(uninsured):
    _, application, _ = uninsured
    change = report(application, "address", prior_coverage="coverage", **WORCESTER)
    assert _periods(application) == ["permanent_move"]
    assert change.periods_refused == []


def test_answering_no_gives_no_period(uninsured):
    _, application, _ = uninsured
    report(application, "address", prior_coverage="none", **WORCESTER)
    assert _periods(application) == []


def test_living_abroad_or_in_a_territory_counts(uninsured):
    _, application, _ = uninsured
    report(application, "address", prior_coverage="abroad", **WORCESTER)
    assert _periods(application) == ["permanent_move"]


def test_an_american_indian_needs_no_prior_coverage(uninsured):
    _, application, _ = uninsured
    sam = member(application, "Sam")
    sam.aian = True
    sam.save(update_fields=["aian"])
    report(application, "address", **WORCESTER)
    assert "permanent_move" in _periods(application)


def test_other_coverage_on_the_application_counts(uninsured):
    _, application, _ = uninsured
    sam = member(application, "Sam")
    sam.other_coverage = "medicaid"
    sam.save(update_fields=["other_coverage"])
    report(application, "address", **WORCESTER)
    assert "permanent_move" in _periods(application)


def test_a_reported_loss_of_coverage_in_the_60_days_counts(uninsured):
    _, application, _ = uninsured
    sam = str(member(application, "Sam").public_id)
    report(application, "coverage_lost", event_date=date(2026, 3, 1), member=sam)
    report(application, "address", **WORCESTER)
    assert "permanent_move" in _periods(application)


def test_a_loss_of_coverage_more_than_60_days_before_does_not(uninsured):
    _, application, _ = uninsured
    sam = str(member(application, "Sam").public_id)
    report(application, "coverage_lost", event_date=date(2026, 2, 9), member=sam)
    report(application, "address", **WORCESTER)  # April 10: the 60 days start on Feb 9
    assert "permanent_move" not in _periods(application)


def test_our_own_policy_in_force_counts(okafor):
    _, application, _ = okafor
    report(application, "address", **WORCESTER)
    assert "permanent_move" in _periods(application)


def test_the_screener_says_the_period_needs_prior_coverage(client, settings):
    settings.MARKETPLACE_TODAY = date(2026, 4, 10)
    query = {"event": "permanent_move", "event_date": "2026-04-01"}
    html = client.post("/changes/periods/", query).content.decode()
    assert 'id="no-prior-coverage"' in html and "not open today" in html
    html = client.post("/changes/periods/", {**query, "prior_coverage": "coverage"}).content
    assert b'id="no-prior-coverage"' not in html and b"open now" in html


def _couple(settings, *, aian=False):
    """Lena and Omar, uninsured, applied in open enrollment; it is now spring."""
    user, application, _ = determined("lena@example.org", haddad_spec(lena_aian=aian))
    settings.MARKETPLACE_TODAY = SPRING
    return user, application


def test_a_member_without_prior_coverage_gets_no_period_while_the_other_does(client, settings):
    """155.420(a)(5), (d)(7)(i): per qualified individual. Reported on the change page, naming
    who had coverage; checkout then enrolls Lena alone, and the pages say why Omar is not."""
    user, application = _couple(settings)
    lena, omar = member(application, "Lena"), member(application, "Omar")
    client.force_login(user)
    page = client.get("/changes/report/?kind=address").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert f'value="{lena.public_id}"' in page  # the question names each person
    answer = client.post(
        "/changes/report/?kind=address",
        {
            "kind": "address",
            "token": token,
            "event_date": SPRING.isoformat(),
            "covered_members": [str(lena.public_id)],
            **WORCESTER,
        },
    )
    assert answer.status_code == 302
    change = ReportedChange.objects.get(application=application)
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert period.event == "permanent_move" and period.members == [str(lena.public_id)]
    assert change.periods_refused == [
        {"event": "permanent_move", "reason": "no_prior_coverage", "members": [str(omar.public_id)]}
    ]
    html = client.get(answer["Location"]).content.decode()
    assert "not for Omar" in html and "155.420(a)(5)" in html
    latest = application.determinations.first()
    plans = client.get(f"/enroll/{latest.public_id}/").content.decode()
    assert "Omar" in plans and "no special enrollment period" in plans
    enrollment = checkout(user, latest)
    assert [m.first_name for m in enrollment.members.all()] == ["Lena"]


def test_an_american_indian_member_meets_it_for_themselves_only(settings):
    _, application = _couple(settings, aian=True)
    report(application, "address", **WORCESTER)
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert period.members == [str(member(application, "Lena").public_id)]


def test_the_households_answer_still_counts_for_everyone(settings):
    _, application = _couple(settings)
    report(application, "address", prior_coverage="coverage", **WORCESTER)
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert period.members == []  # the whole household


def test_nobody_in_the_period_cannot_check_out(settings):
    user, application = _couple(settings)
    report(
        application,
        "address",
        covered_members=[str(member(application, "Lena").public_id)],
        **WORCESTER,
    )
    SpecialEnrollmentPeriod.objects.update(members=["00000000-0000-0000-0000-000000000000"])
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, application.determinations.first())
    assert exc.value.code == "nobody_in_period"
