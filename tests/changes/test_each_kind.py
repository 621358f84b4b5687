"""Every kind of change, each written into the facts the rules read and redetermined, with
the effect the law gives it on the policy and the special enrollment period it opens."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.changes.models import SpecialEnrollmentPeriod
from tests.changes.conftest import SPRING, last_outbox_id, member, report, sent_after

pytestmark = pytest.mark.django_db


def _person(determination, first_name) -> tuple[dict, dict]:
    people = determination.input_snapshot["people"]
    index = next(i for i, p in enumerate(people) if p["name"].startswith(first_name))
    return people[index], determination.result["members"][index]


def _periods(application) -> set[str]:
    return set(
        SpecialEnrollmentPeriod.objects.filter(application=application).values_list(
            "event", flat=True
        )
    )


def test_marriage_adds_the_spouse_files_jointly_and_covers_them_next_month(okafor):
    _, application, enrollment = okafor
    mark = last_outbox_id()
    change = report(
        application,
        "marriage",
        first_name="Kim",
        last_name="Okafor",
        date_of_birth="1994-02-02",
        sex="female",
        citizen=True,
        annual_income="20000",
    )
    assert change.after.input_snapshot["filing_status"] == "married_joint"
    assert change.after.input_snapshot["income"] == 50000
    assert "marriage" in _periods(application)
    [added] = [c for c in change.effects if c["kind"] == "added"]
    assert added["start"] == "2026-05-01"  # the first of the next month, 155.420(b)(2)(iii)
    kim = enrollment.members.get(first_name="Kim")
    joining = [t for t in sent_after(enrollment, mark) if t.maintenance_type == "021"]
    assert [m["member_id"] for m in joining[0].payload["members"]] == [kim.member_id]
    assert joining[0].payload["coverage_start"] == "2026-05-01"


def test_adoption_covers_the_child_from_the_placement(db, settings):
    from tests.changes.conftest import enrolled, sam

    _, application, _ = enrolled("lee@example.org", sam(wages=90000), settings)
    placed = date(2026, 3, 20)
    change = report(
        application,
        "adoption",
        event_date=placed,
        first_name="Noor",
        last_name="Okafor",
        date_of_birth="2019-06-01",
        sex="female",
    )
    added = [c for c in change.effects if c["kind"] == "added"]
    assert added and added[0]["start"] == placed.isoformat()  # 155.420(b)(2)(i)


def test_divorce_takes_the_spouse_off_and_the_filing_status_back_to_single(garcia):
    _, application, enrollment = garcia
    change = report(application, "divorce", member=str(member(application, "Jose").public_id))
    assert change.after.input_snapshot["filing_status"] == "single"
    assert len(change.after.input_snapshot["people"]) == 3
    assert "loss_of_dependent" in _periods(application)
    enrollment.refresh_from_db()
    assert [m.first_name for m in enrollment.covered_members()] == ["Maria"]


def test_death_ends_the_persons_coverage_on_the_date_of_death(garcia):
    _, application, enrollment = garcia
    change = report(
        application,
        "death",
        event_date=date(2026, 4, 2),
        member=str(member(application, "Jose").public_id),
    )
    assert not change.followups
    jose = enrollment.members.get(first_name="Jose")
    assert jose.coverage_end == date(2026, 4, 2)  # 155.430(d)(7)
    assert "loss_of_dependent" in _periods(application)


def test_someone_moving_in_joins_the_household(okafor):
    _, application, enrollment = okafor
    change = report(
        application,
        "move_in",
        first_name="Ola",
        last_name="Okafor",
        date_of_birth="1960-01-01",
        sex="female",
        relationship="parent",
        citizen=True,
    )
    assert len(change.after.input_snapshot["people"]) == 2
    person, _ = _person(change.after, "Ola")
    assert person["relationship"] == "other_dependent"
    [added] = [c for c in change.effects if c["kind"] == "added"]
    assert added["start"] == "2026-05-01"  # 155.420(b)(2)(iii): the first of the next month
    assert enrollment.members.get(first_name="Ola").person_id == member(application, "Ola").pk


def test_an_affordable_employer_offer_ends_the_credit(okafor):
    _, application, enrollment = okafor
    change = report(
        application,
        "coverage_gained",
        coverage_type="employer",
        member=str(member(application, "Sam").public_id),
        employee_premium="50",
    )
    person, row = _person(change.after, "Sam")
    assert person["esi_offer"]["employee_premium"] == 50
    assert not row["aptc"]
    enrollment.refresh_from_db()
    assert enrollment.max_aptc == 0 and enrollment.elected_aptc == 0


def test_medicare_ends_the_credit_but_not_the_plan(okafor):
    _, application, enrollment = okafor
    change = report(
        application,
        "coverage_gained",
        coverage_type="medicare",
        member=str(member(application, "Sam").public_id),
    )
    person, row = _person(change.after, "Sam")
    assert person["has_mec"] and not row["aptc"]
    enrollment.refresh_from_db()
    assert enrollment.is_active and enrollment.elected_aptc == 0


def test_medicaid_coverage_reported_ends_the_credit(garcia):
    _, application, _ = garcia
    change = report(
        application,
        "coverage_gained",
        coverage_type="medicaid",
        member=str(member(application, "Jose").public_id),
    )
    person, row = _person(change.after, "Jose")
    assert person["has_mec"] and not row["aptc"]


def test_becoming_lawfully_present_makes_a_person_eligible_and_opens_a_period(db, settings):
    from marketplace.applications import seeding
    from tests.changes.conftest import determined

    spec = seeding.HouseholdSpec(
        last_name="Diaz",
        zipcode="02108",
        countyfips="25025",
        people=[
            seeding.PersonSpec(
                "Luz",
                33,
                "self",
                "female",
                wages_yearly=40000,
                citizen=False,
                immigration_status="none",
            )
        ],
    )
    _, application, first = determined("luz@example.org", spec)
    settings.MARKETPLACE_TODAY = SPRING
    assert not first.result["members"][0]["qhp"]
    change = report(
        application,
        "immigration",
        citizen=False,
        immigration_status="lpr_5",
        member=str(member(application, "Luz").public_id),
    )
    assert change.after.result["members"][0]["qhp"]
    assert "newly_lawfully_present" in _periods(application)


def test_incarceration_ends_qhp_eligibility_and_the_policy(okafor):
    _, application, enrollment = okafor
    change = report(application, "incarceration", member=str(member(application, "Sam").public_id))
    _, row = _person(change.after, "Sam")
    assert not row["qhp"]
    enrollment.refresh_from_db()
    assert enrollment.coverage_end == date(2026, 5, 31)  # 155.430(d)(3)


def test_release_from_incarceration_opens_a_period(okafor):
    _, application, _ = okafor
    report(application, "incarceration_ended", member=str(member(application, "Sam").public_id))
    assert "release_from_incarceration" in _periods(application)


def test_tobacco_use_is_recorded_and_redetermined(okafor):
    _, application, _ = okafor
    change = report(
        application, "tobacco", tobacco=True, member=str(member(application, "Sam").public_id)
    )
    person, _ = _person(change.after, "Sam")
    assert person["tobacco"] is True
    assert _person(change.before, "Sam")[0]["tobacco"] is False
