"""The renewal run writes a batch of households together (household.plan_many and
apply_many, a few statements a batch); every outcome, policy, 834, referral, notice and
audit row must be what renewing the same households one at a time (household.plan and
apply) writes. Both paths run on the same state, the first rolled back."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction

from marketplace.applications.models import IncomeItem
from marketplace.audit.models import AuditEvent
from marketplace.edi.models import OutboundTransaction
from marketplace.notices.models import Notice
from marketplace.renewals import household, run
from marketplace.renewals.models import Renewal
from marketplace.verifications.models import MedicaidReferral
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, single
from tests.renewals.conftest import household as spec

pytestmark = pytest.mark.django_db

BAY_COLONY = "31642"


def _state():
    """Same plan, crosswalked (Gold Plus -> Gold Select), an issuer leaving the county
    (must choose), moved to Medicaid, lost eligibility, a partial APTC election, and a
    family whose child moves to CHIP while the parents stay."""
    enrolled(single("Jo", 30, 30000), by_name("Standard Silver"))
    enrolled(
        single("Ken", 45, 60000),
        lambda offered: sorted(
            q.plan_id
            for q in offered
            if q.plan_id.startswith(BAY_COLONY) and q.info.name.endswith("Gold Plus HMO")
        )[0],
    )
    enrolled(
        single("Lu", 35, 70000, zipcode="02169", countyfips="25021"),
        lambda offered: sorted(
            q.plan_id
            for q in offered
            if q.plan_id.startswith("58914") and q.info.name.endswith("Standard Silver HMO")
        )[0],
    )
    _, gone = enrolled(single("Max", 30, 30000), by_name("Standard Silver"))
    IncomeItem.objects.filter(member__application=gone.application).update(amount=Decimal("15000"))
    _, jailed = enrolled(single("Hal", 30, 30000), by_name("Standard Silver"))
    jailed.application.members.update(incarcerated=True)
    enrolled(single("Flo", 30, 30000), by_name("Standard Silver"), aptc=Decimal("100.00"))
    family = spec(
        "Parks",
        [
            P("Ann", 40, "self", "female", wages_yearly=52000),
            P("Bo", 41, "spouse", "male"),
            P("Cy", 9, "child", "male"),
        ],
    )
    enrolled(family, by_name("Standard Silver"))


def _written(renewals: list[Renewal]) -> list[dict]:
    """What was written for each renewal, without the keys and ids that differ by run."""
    out = []
    for renewal in sorted(renewals, key=lambda r: r.previous_id):
        renewal = Renewal.objects.get(pk=renewal.pk)
        new = renewal.enrollment
        detail = {
            **renewal.detail,
            "next": {
                k: v
                for k, v in (renewal.detail.get("next") or {}).items()
                if k not in ("policy_id", "public_id")
            },
        }
        row = {
            "previous": renewal.previous_id,
            "outcome": renewal.outcome,
            "level": renewal.crosswalk_level,
            "reason": renewal.reason,
            "b2s": renewal.bronze_to_silver,
            "detail": detail,
            "determination": (
                renewal.determination.input_snapshot,
                renewal.determination.full_result,
                renewal.determination.law_values_id,
                renewal.determination.cause,
            ),
            "coverage_year": renewal.application.coverage_year,
            "referrals": sorted(
                (r.member_index, r.program, r.member_id)
                for r in MedicaidReferral.objects.filter(determination=renewal.determination)
            ),
            "notices": [
                (n.kind, n.language, n.paper, n.user_id, n.context["renewal"]["outcome"])
                for n in Notice.objects.filter(related_type="Renewal", related_id=str(renewal.pk))
            ],
        }
        if new is not None:
            row["policy"] = (
                new.plan_id,
                new.premium,
                new.ehb_premium,
                new.max_aptc,
                new.elected_aptc,
                new.state_subsidy,
                new.premium_after_credit,
                new.csr_level,
                new.rating_area,
                new.subscriber_id == renewal.previous.subscriber_id,
                new.coverage_start,
                new.status,
                new.determination_id == renewal.determination_id,
                new.checkout_token,
                new.attestations,
                new.email,
                new.language,
            )
            row["members"] = [
                (
                    m.person_id,
                    m.position,
                    m.is_subscriber,
                    m.relationship,
                    m.age,
                    m.premium,
                    m.member_id in {p.member_id for p in renewal.previous.members.all()},
                )
                for m in new.members.all()
            ]
            row["834"] = [
                (
                    t.kind,
                    t.maintenance_type,
                    t.maintenance_reason,
                    t.additional_reason,
                    t.determination_id == renewal.determination_id,
                )
                for t in OutboundTransaction.objects.filter(enrollment=new)
            ]
        out.append(row)
    return out


def _audit() -> Counter:
    return Counter(AuditEvent.objects.values_list("action", flat=True))


def test_a_batch_writes_what_one_by_one_writes(settings):
    _state()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    audit_before = _audit()
    claimed = run._claim(2026, set(), 100)
    assert len(claimed) == 7
    with transaction.atomic():
        pool = run.IdPool()
        single_path = []
        for previous in claimed:
            planned = household.plan(previous, 2027)
            ids = pool.take(planned.id_count) if planned.priced is not None else []
            single_path.append(household.apply(planned, ids))
        one_by_one, audit_one = _written(single_path), _audit() - audit_before
        transaction.set_rollback(True)

    claimed = run._claim(2026, set(), 100)
    planned = household.plan_many(claimed, 2027)
    assert not [p for p in planned if isinstance(p, Exception)]
    ids = run.IdPool().take(sum(p.id_count for p in planned if p.priced is not None))
    with transaction.atomic():
        batch = household.apply_many(planned, iter(ids))
    together = _written(batch)

    assert {r["outcome"] for r in together} == {
        "same_plan",
        "crosswalked",
        "needs_action",
        "medicaid_chip",
        "lost_eligibility",
    }
    assert any(r["referrals"] for r in together if r["outcome"] == "same_plan")  # the child
    assert together == one_by_one
    assert _audit() - audit_before == audit_one
    assert not run.pending(2026).exists()
