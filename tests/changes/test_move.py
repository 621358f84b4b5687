"""A move within the state to another rating area (45 CFR 155.420(d)(7)): the plan the
household keeps is rated for the new area and the APTC comes from the new area's benchmark,
from the start date of a selection through the move's period (155.420(b)(1), (b)(2)(iv));
the 834 carries the new rate, rating area and address; Form 1095-A shows the old figures
before and the new ones after. The household may still choose another plan there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.edi import export
from marketplace.enrollment import address, states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from marketplace.form1095a.models import Form1095A
from tests.changes.conftest import report
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db
WORCESTER = {"street": "5 Elm St", "city": "Worcester", "zipcode": "01608"}


def _sent(tmp_path, policy_id) -> list:
    out = []
    for path in export.export_pending(tmp_path).paths:
        result = validate_834(path)
        assert result.ok, result.errors
        out += [t for t in read_834(path).transactions if t.policy_id == policy_id]
    return out


def _quote(determination, plan_id):
    return next(q for q in quotes(enrollment_group(determination)) if q.plan_id == plan_id[:14])


def test_a_move_to_another_rating_area_rates_the_same_plan_again(okafor, tmp_path, settings):
    _, application, policy = okafor
    before = {
        "premium": policy.premium,
        "aptc": policy.elected_aptc,
        "area": policy.rating_area,
        "id": policy.policy_id,
    }
    old_benchmark = Decimal(str(policy.determination.result["benchmark_premium"]))
    change = report(application, "address", **WORCESTER)
    assert change.details["address_kind"] == "other_area"
    after = change.after
    new_benchmark = Decimal(str(after.result["benchmark_premium"]))
    assert new_benchmark != old_benchmark
    policy.refresh_from_db()
    assert policy.policy_id == before["id"] and policy.status == states.EFFECTUATED
    assert policy.rating_area != before["area"] and policy.zipcode == "01608"
    quote = _quote(after, policy.plan_id)  # the same plan, priced for Worcester
    assert policy.premium == quote.premium != before["premium"]
    assert policy.elected_aptc == min(enrollment_group(after).max_aptc, quote.ehb_premium)
    assert policy.max_aptc == enrollment_group(after).max_aptc
    assert policy.premium_after_credit == policy.premium - policy.elected_aptc - (
        policy.state_subsidy
    )
    assert [c["kind"] for c in change.effects] == ["rerated"]
    assert change.effects[0]["effective"] == "2026-05-01"
    assert not change.followups
    # The period to choose another plan there stays open (155.420(d)(7)).
    assert SpecialEnrollmentPeriod.objects.get(application=application).event == "permanent_move"

    [txn] = [t for t in _sent(tmp_path, policy.policy_id) if t.maintenance_type == "001"]
    assert txn.financial_effective_date == date(2026, 5, 1)
    assert txn.premium_total == policy.premium and txn.aptc_amount == policy.elected_aptc
    assert txn.rating_area == policy.rating_area
    subscriber = next(m for m in txn.members if m.is_subscriber)
    assert subscriber.address.zip_code == "01608"

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
    figures = Form1095A.objects.get(enrollment=policy).figures
    column = {k: [Decimal(m[k]) for m in figures["months"]] for k in ("premium", "aptc", "slcsp")}
    assert column["premium"] == [before["premium"]] * 4 + [policy.premium] * 8
    assert column["aptc"] == [before["aptc"]] * 4 + [policy.elected_aptc] * 8
    assert column["slcsp"] == [old_benchmark] * 4 + [new_benchmark] * 8


def test_a_move_reported_ahead_rates_from_the_month_after_the_move(okafor):
    _, application, policy = okafor
    old = policy.premium
    change = report(application, "address", event_date=date(2026, 6, 5), **WORCESTER)
    assert change.effects[0]["effective"] == "2026-07-01"  # 155.420(b)(2)(iv)
    policy.refresh_from_db()
    assert policy.premium != old


def test_the_same_move_twice_sends_nothing_more(okafor):
    _, application, policy = okafor
    report(application, "address", **WORCESTER)
    policy.refresh_from_db()
    rated = (policy.premium, policy.elected_aptc, policy.rating_area)
    again = report(application, "address", street="7 Elm St", city="Worcester", zipcode="01608")
    assert again.details["address_kind"] == "within_area"
    policy.refresh_from_db()
    assert (policy.premium, policy.elected_aptc, policy.rating_area) == rated


def test_a_move_out_of_the_state_ends_the_coverage(okafor):
    _, application, policy = okafor
    change = report(application, "address", street="1 Main St", city="Concord", zipcode="03301")
    assert change.details["address_kind"] == "out_of_state"
    policy.refresh_from_db()
    assert policy.status == states.TERMINATED and policy.end_reason == "not_eligible"
    assert policy.coverage_end == date(2026, 5, 31)  # 155.430(d)(3)
    assert not Enrollment.objects.filter(application=application, status__in=states.ACTIVE)


BEACON_HILL = {"street": "9 Beacon St", "city": "Boston", "zipcode": "02109", "countyfips": "25025"}


def test_a_new_address_in_the_same_area_goes_to_the_issuer_once(okafor, tmp_path):
    """The enrollment action a move within the rating area needs: the policy takes the
    address and the subscriber's 001 DEMOGRAPHIC CHANGE (INS04 43) carries it, premium
    unchanged (docs/puf-and-834.md B.4)."""
    _, _, policy = okafor
    premium, area = policy.premium, policy.rating_area
    moved = address.change_address(policy, address=BEACON_HILL, effective=date(2026, 4, 10))
    again = address.change_address(policy, address=BEACON_HILL, effective=date(2026, 4, 10))
    assert moved.pk == again.pk == policy.pk
    assert (moved.zipcode, moved.street, moved.premium, moved.rating_area) == (
        "02109",
        "9 Beacon St",
        premium,
        area,
    )
    [txn] = [t for t in _sent(tmp_path, policy.policy_id) if t.maintenance_type == "001"]
    assert (txn.maintenance_reason, txn.additional_maintenance_reason) == (
        "43",
        "DEMOGRAPHIC CHANGE",
    )
    assert txn.maintenance_effective_date == date(2026, 4, 10)
    [subscriber] = txn.members
    assert subscriber.is_subscriber and subscriber.address.zip_code == "02109"


def test_a_move_within_the_rating_area_tells_the_issuer_the_new_address(okafor, tmp_path):
    _, application, policy = okafor
    change = report(application, "address", **{k: BEACON_HILL[k] for k in WORCESTER})
    assert change.details["address_kind"] == "within_area"
    policy.refresh_from_db()
    assert policy.zipcode == "02109"
    [txn] = [t for t in _sent(tmp_path, policy.policy_id) if t.maintenance_type == "001"]
    assert txn.members[0].address.zip_code == "02109"
