"""Annual redetermination and renewal (45 CFR 155.335) through `marketplace renew`: each
step of the 155.335(j) crosswalk, changes in CSR and APTC, Medicaid, lost eligibility, a
discontinued plan with no crosswalk, the dry run and the second run."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection

from marketplace.applications.models import IncomeItem
from marketplace.catalog.models import Rate
from marketplace.determinations.models import Cause
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import actions
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from marketplace.notices.models import Notice
from marketplace.renewals.models import Outcome, Renewal
from marketplace.verifications.models import MedicaidReferral
from tests.renewals.conftest import (
    ATTESTED,
    RENEWED_ON,
    by_name,
    enrolled,
    issuer_plan,
    mixed_state,
    renew,
    single,
)
from tests.shopping import support

pytestmark = pytest.mark.django_db

BAY_COLONY, ATLANTIC_SHORE, BLUE_RIDGE = "31642", "58914", "39847"


def of(issuer):
    """A picker: the plan named `label` of the issuer."""
    return lambda label: issuer_plan(issuer, label)


def renewed(settings, *extra):
    settings.MARKETPLACE_TODAY = RENEWED_ON
    report = renew(*extra)
    return report


def test_same_plan_renewed_from_january_first_with_a_passive_834_and_notice(settings):
    user, before = enrolled(single("Sam", 30, 30000), by_name("Standard Silver"))
    report = renewed(settings)
    assert "renewed in the same plan: 1" in report
    renewal = Renewal.objects.get(previous=before)
    assert renewal.outcome == Outcome.SAME_PLAN and renewal.crosswalk_level == 1
    after = renewal.enrollment
    assert after.coverage_year == 2027 and after.coverage_start == date(2027, 1, 1)
    assert after.plan_id == before.plan_id  # same plan, same CSR variant
    assert after.subscriber_id == before.subscriber_id and after.policy_id != before.policy_id
    assert [m.member_id for m in after.members.all()] == [m.member_id for m in before.members.all()]
    assert renewal.determination.cause == Cause.RENEWAL
    assert renewal.determination.result["year"] == 2027
    assert after.determination == renewal.determination
    txn = OutboundTransaction.objects.get(enrollment=after)
    assert (txn.maintenance_type, txn.maintenance_reason, txn.additional_reason) == (
        "021",
        "41",
        "PASSIVE",
    )
    assert txn.payload["application_id_origin"].endswith("-11")
    notice = Notice.objects.get(user=user, kind="renewal")
    assert notice.context["renewal"]["outcome"] == Outcome.SAME_PLAN
    before.refresh_from_db()
    assert before.status in ("selected", "transmitted", "effectuated")  # ends with its year


def test_plan_discontinued_goes_to_the_plan_of_the_same_product_the_crosswalk_names(settings):
    _, before = enrolled(single("Gil", 45, 60000), of(BAY_COLONY)("Gold Plus HMO"))
    renewed(settings)
    renewal = Renewal.objects.get(previous=before)
    assert renewal.outcome == Outcome.CROSSWALKED and renewal.crosswalk_level == 2
    assert renewal.enrollment.plan_name.endswith("Gold Select HMO")
    assert renewal.enrollment.plan_id[:10] == before.plan_id[:10]  # the same product
    assert renewal.reason == "Discontinuing plan"


def test_product_discontinued_goes_to_another_product_of_the_issuer(settings):
    settings.MARKETPLACE_STATE = "NC"
    spec = single("Ann", 40, 70000, zipcode="28701", countyfips="37021")
    _, before = enrolled(spec, of(BLUE_RIDGE)("Silver Plus EPO"))
    renewed(settings)
    renewal = Renewal.objects.get(previous=before)
    assert renewal.outcome == Outcome.CROSSWALKED and renewal.crosswalk_level == 3
    assert renewal.enrollment.plan_name.endswith("Silver Value EPO")
    assert renewal.enrollment.plan_id[:5] == BLUE_RIDGE
    assert renewal.enrollment.plan_id[:10] != before.plan_id[:10]


def test_discontinued_plan_without_crosswalk_must_choose(settings):
    settings.MARKETPLACE_STATE = "NC"
    spec = single("Bo", 50, 70000, zipcode="28701", countyfips="37021")
    user, before = enrolled(spec, of(BLUE_RIDGE)("Gold Plus EPO"))
    report = renewed(settings)
    assert "needing action (must choose a plan): 1" in report
    renewal = Renewal.objects.get(previous=before)
    assert renewal.outcome == Outcome.NEEDS_ACTION and renewal.enrollment is None
    assert renewal.determination is not None  # the person can choose from it
    assert not Enrollment.objects.filter(owner=user, coverage_year=2027).exists()
    assert Notice.objects.filter(user=user, kind="renewal").count() == 1


def test_issuer_leaving_the_county_must_choose(settings):
    spec = single("Cy", 35, 70000, zipcode="02169", countyfips="25021")
    _, before = enrolled(spec, of(ATLANTIC_SHORE)("Standard Silver HMO"))
    renewed(settings)
    renewal = Renewal.objects.get(previous=before)
    assert renewal.outcome == Outcome.NEEDS_ACTION
    assert renewal.reason == "Issuer leaving county"


def test_same_issuer_other_county_stays(settings):
    _, before = enrolled(single("Di", 35, 70000), of(ATLANTIC_SHORE)("Standard Silver HMO"))
    renewed(settings)
    assert Renewal.objects.get(previous=before).outcome == Outcome.SAME_PLAN


def test_csr_and_aptc_change_at_renewal(settings):
    # $31,800: 203% FPL on 2025's guideline (CSR 73 for 2026), 199% on 2026's (CSR 87).
    _, before = enrolled(single("Eve", 30, 31800), by_name("Standard Silver"))
    assert before.csr_level == "73" and before.plan_id.endswith("04")
    renewed(settings)
    renewal = Renewal.objects.get(previous=before)
    after = renewal.enrollment
    assert after.csr_level == "87" and after.plan_id == before.plan_id[:14] + "05"
    assert after.max_aptc != before.max_aptc and after.elected_aptc == after.max_aptc
    codes = {c["code"]: c for c in renewal.detail["changes"]}
    assert codes["csr"]["old"] == "73" and codes["csr"]["new"] == "87"
    assert codes["max_aptc"]["new"] == str(after.max_aptc)
    facts = renewal.detail["eligibility"]
    # The arithmetic shown: benchmark - monthly contribution = the maximum credit.
    assert Decimal(facts["benchmark_premium"]) - Decimal(facts["monthly_contribution"]) == (
        Decimal(facts["max_aptc"])
    )
    nxt = renewal.detail["next"]
    assert Decimal(nxt["premium"]) - Decimal(nxt["aptc"]) - Decimal(nxt["state_subsidy"]) == (
        Decimal(nxt["net"])
    )


def test_partial_aptc_election_is_kept(settings):
    _, before = enrolled(
        single("Flo", 30, 30000), by_name("Standard Silver"), aptc=Decimal("100.00")
    )
    renewed(settings)
    assert Renewal.objects.get(previous=before).enrollment.elected_aptc == Decimal("100.00")


def test_moved_to_medicaid_is_referred_and_told(settings):
    user, before = enrolled(single("Gus", 30, 30000), by_name("Standard Silver"))
    IncomeItem.objects.filter(member__application=before.application).update(
        amount=Decimal("15000")
    )  # what the household reported since
    report = renewed(settings)
    assert "referred to Medicaid/CHIP: 1" in report
    renewal = Renewal.objects.get(previous=before)
    assert renewal.outcome == Outcome.MEDICAID_CHIP and renewal.enrollment is None
    assert MedicaidReferral.objects.filter(determination=renewal.determination).count() == 1
    assert Notice.objects.get(user=user, kind="renewal").context["renewal"]["outcome"] == (
        Outcome.MEDICAID_CHIP
    )


def test_lost_eligibility_is_told(settings):
    _, before = enrolled(single("Hal", 30, 30000), by_name("Standard Silver"))
    before.application.members.update(incarcerated=True)
    renewed(settings)
    renewal = Renewal.objects.get(previous=before)
    assert renewal.outcome == Outcome.LOST_ELIGIBILITY and renewal.enrollment is None


def test_bronze_to_silver_for_csr_eligible(settings):
    # Eve qualifies for CSR 87 in 2027; her issuer's Silver Select is made to cost no more
    # than its Standard Bronze after the credit (155.335(j)(4) applies only then).
    _, before = enrolled(single("Ivy", 30, 31000), of(BAY_COLONY)("Standard Bronze HMO"))
    bronze, silver = before.plan_id[:14], before.plan_id[:10] + "0006"
    for rate in Rate.objects.filter(plan__year=2027, plan__standard_component_id=bronze):
        Rate.objects.filter(
            plan__year=2027,
            plan__standard_component_id=silver,
            rating_area=rate.rating_area,
            age_min=rate.age_min,
        ).update(individual_rate=rate.individual_rate, tobacco_rate=rate.tobacco_rate)
    support.clear_caches()
    try:
        renewed(settings)
    finally:
        support.clear_caches()
    renewal = Renewal.objects.get(previous=before)
    assert renewal.bronze_to_silver and renewal.enrollment.metal_level == "silver"
    assert renewal.enrollment.plan_id == silver + "05"
    txn = OutboundTransaction.objects.get(enrollment=renewal.enrollment)
    assert txn.additional_reason == "PASSIVE - B2S"


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        out = {}
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out[table] = cursor.fetchone()[0]
        return out


def test_dry_run_writes_nothing(settings):
    mixed_state()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    before = _counts()
    report = renew("--dry-run")
    assert _counts() == before
    assert "would renew 4 policies" in report
    assert "renewed in the same plan: 1" in report and "crosswalked): 1" in report
    assert "needing action (must choose a plan): 1" in report
    assert "referred to Medicaid/CHIP: 1" in report


def test_second_run_changes_nothing(settings):
    mixed_state()
    first = renewed(settings)
    assert "renewed 4 policies" in first
    before = _counts()
    second = renew()
    assert "renewed 0 policies" in second and "All runs: 4 renewed, 0 left." in second
    assert _counts() == before


def test_person_changes_plan_after_the_run(settings):
    user, before = enrolled(single("Ned", 30, 30000), by_name("Standard Silver"))
    renewed(settings)
    renewal = Renewal.objects.get(previous=before)
    auto = renewal.enrollment
    offered = quotes(enrollment_group(renewal.determination))
    other = of(BAY_COLONY)("Gold Select HMO")(offered)
    chosen = actions.checkout(
        user=user,
        determination=renewal.determination,
        plan_id=other,
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        on=RENEWED_ON,
    )
    auto.refresh_from_db()
    assert auto.status == "cancelled"
    assert chosen.coverage_year == 2027 and chosen.coverage_start == date(2027, 1, 1)
    assert chosen.plan_id.startswith(other) and chosen.is_active
    sent = OutboundTransaction.objects.filter(enrollment=auto)
    kinds = set(sent.values_list("kind", flat=True))
    assert kinds == {"addition", "cancellation"}
    before_counts = _counts()
    assert "renewed 0 policies" in renew()  # the person's choice stands
    assert _counts() == before_counts
