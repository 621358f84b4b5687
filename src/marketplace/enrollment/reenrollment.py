"""Automatic re-enrollment: next year's policy for a household that did not choose one
(45 CFR 155.335(j)), through the same pricing as checkout (`selection.price`).

`reenroll` is the one write: the new policy with its members, effective January 1 of the new
plan year (155.335(j), 155.410(f)), one audit row, and the 834 queued in the same
transaction (021, INS04 41, AMRC PASSIVE or PASSIVE - B2S, origin 11: edi/build.py
`reenrollment`). The people keep their exchange-assigned subscriber and member ids (EASID,
EAMID: the same people at the same exchange); the policy gets a new EAPID, as a new plan year
is a new policy (docs/puf-and-834.md B.5). Its `checkout_token` is derived from the previous policy,
so renewing the same policy twice finds the first one instead of making a second.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from marketplace.audit import log as audit
from marketplace.catalog.models import PlanVariant
from marketplace.core import bulk, clock
from marketplace.edi import build, outbox
from marketplace.enrollment import policy_writes
from marketplace.enrollment.models import Enrollment, EnrollmentMember
from marketplace.enrollment.selection import Group, Priced, price

#: The APTC election carried into the new year (45 CFR 155.310(d)(2)):
#: `policy_writes.carried_election`, under the name the renewals use.
elected_for = policy_writes.carried_election

RENEWAL_NAMESPACE = uuid.UUID("6f1d6a4e-2b8c-4d0e-9a53-7c1e5b2f8a10")


def renewal_token(previous: Enrollment, year: int) -> uuid.UUID:
    """The new policy's checkout token: one per previous policy and plan year."""
    return uuid.uuid5(RENEWAL_NAMESPACE, f"{previous.policy_id}:{year}")


@transaction.atomic
def reenroll(
    previous: Enrollment,
    group: Group,
    plan_id: str,
    *,
    ids: list[int],
    bronze_to_silver: bool = False,
    actor_label: str = "renewal",
) -> Enrollment:
    """Enroll `group` (of the renewal's determination) in `plan_id` for `group.year` from
    January 1, continuing `previous`. `ids` supplies exchange ids for the new policy and
    for anyone not on the previous one (edi.sequences.exchange_ids)."""
    token = renewal_token(previous, group.year)
    found = Enrollment.objects.filter(checkout_token=token).first()
    if found is not None:
        return found
    priced = price(group, plan_id, elected_for(previous))
    variant = policy_writes.variant_of(group.year, priced)
    enrollment, rows = new_reenrollment(previous, group, priced, variant, iter(ids), token)
    enrollment.save()
    for row in rows:
        row.enrollment = enrollment
    EnrollmentMember.objects.bulk_create(rows)
    audit.record(**reenrolled_event(enrollment, previous, group, bronze_to_silver, actor_label))
    members = enrollment.covered_members()
    outbox.queue(
        enrollment,
        build.reenrollment(enrollment, members, clock.now(), bronze_to_silver=bronze_to_silver),
    )
    return enrollment


@dataclass(frozen=True)
class Reenrollment:
    """One policy of a batch (`reenroll_many`): `reenroll`'s arguments, with the price the
    renewal computed (`selection.price(group, plan_id, elected_for(previous))`)."""

    previous: Enrollment
    group: Group
    priced: Priced
    bronze_to_silver: bool = False


def reenroll_many(
    items: list[Reenrollment], *, ids: Iterator[int], actor_label: str = "renewal"
) -> list[Enrollment]:
    """`reenroll` for a batch of policies, in the caller's transaction, a few statements in
    all: the same policies, members, audit rows and 834s. A policy renewed before (by its
    token) is returned as it is. `ids`: exchange ids, as many as `reenroll` would take."""
    tokens = {id(item): renewal_token(item.previous, item.group.year) for item in items}
    found = {
        e.checkout_token: e
        for e in Enrollment.objects.filter(checkout_token__in=list(tokens.values()))
    }
    variants = _variants_of(items)
    made, result = [], []
    for item in items:
        token = tokens[id(item)]
        if token in found:
            result.append(found[token])
            continue
        variant = _variant(variants, item.group, item.priced)
        enrollment, rows = new_reenrollment(
            item.previous, item.group, item.priced, variant, ids, token
        )
        found[token] = enrollment
        made.append((enrollment, rows, item))
        result.append(enrollment)
    if not made:
        return result
    bulk.insert([e for e, _, _ in made])
    members = []
    for enrollment, rows, _ in made:
        for row in rows:
            row.enrollment = enrollment
            members.append(row)
    bulk.insert(members)
    audit.record_many(
        [
            audit.unsaved(
                **reenrolled_event(e, item.previous, item.group, item.bronze_to_silver, actor_label)
            )
            for e, _, item in made
        ]
    )
    now = clock.now()
    outbox.queue_many(
        [
            (e, build.reenrollment(e, rows, now, bronze_to_silver=item.bronze_to_silver))
            for e, rows, item in made
        ]
    )
    return result


def _variants_of(items: list[Reenrollment]) -> dict[tuple, dict]:
    """The variants of the plans a batch re-enrolls in, by (year, state) then (plan,
    variant): one query for each year and state (the batch's plans only, not the year's
    hundreds of variants)."""
    plans: dict[tuple, set[str]] = {}
    for item in items:
        plans.setdefault((item.group.year, item.group.state), set()).add(item.priced.quote.plan_id)
    variants: dict[tuple, dict] = {}
    for (year, state), plan_ids in plans.items():
        rows = PlanVariant.objects.select_related("plan__issuer").filter(
            plan__year=year, plan__state=state, plan__standard_component_id__in=sorted(plan_ids)
        )
        variants[year, state] = {(r.plan.standard_component_id, r.variant): r for r in rows}
    return variants


def _variant(cache: dict, group: Group, priced: Priced) -> PlanVariant:
    """The plan variant, from the batch's variants (`_variants_of`; as `reenroll`'s get)."""
    found = cache.get((group.year, group.state), {}).get(
        (priced.quote.plan_id, priced.variant_code)
    )
    if found is None:
        raise PlanVariant.DoesNotExist(f"{priced.quote.plan_id}-{priced.variant_code}")
    return found


def new_reenrollment(
    previous: Enrollment,
    group: Group,
    priced: Priced,
    variant: PlanVariant,
    fresh: Iterator[int],
    token: uuid.UUID,
) -> tuple[Enrollment, list[EnrollmentMember]]:
    """The new policy and its members (subscriber first), not yet saved, from January 1 of
    the new plan year (45 CFR 155.335(j), 155.410(f)): the same EASID and EAMIDs as
    `previous` for the same people, fresh ids (`fresh`) for the new policy and anyone new
    (docs/puf-and-834.md B.5); the contact and language of `previous`."""
    old = previous.members.all()
    subscriber_id = _subscriber_id(previous, old, group, fresh)
    application = group.determination.application
    start = date(group.year, 1, 1)
    enrollment = bulk.new(
        Enrollment,
        **policy_writes.selection_values(application, group, priced, variant, start),
        owner_id=previous.owner_id,
        subscriber_id=subscriber_id,
        policy_id=f"P{next(fresh):010d}",
        email=previous.email,
        language=previous.language,
        checkout_token=token,
        attestations={**previous.attestations, "renewal": True},
    )
    kept = {m.person_id: m.member_id for m in old}
    member_ids = [kept.get(m.person.pk) or f"M{next(fresh):010d}" for m in group.members]
    return enrollment, policy_writes.group_rows(enrollment, group, priced, member_ids)


def _subscriber_id(previous: Enrollment, old, group: Group, fresh: Iterator[int]) -> str:
    """The previous policy's EASID when the same person is the subscriber again, else a
    fresh one (docs/puf-and-834.md B.5: the same people at the same exchange keep their
    ids)."""
    old_subscriber = next((m for m in old if m.is_subscriber), None)
    if old_subscriber is not None and old_subscriber.person_id == group.members[0].person.pk:
        return previous.subscriber_id
    return f"S{next(fresh):010d}"


def reenrolled_event(
    enrollment: Enrollment,
    previous: Enrollment,
    group: Group,
    bronze_to_silver: bool,
    actor_label: str,
) -> dict:
    """The audit row of a re-enrollment (`audit.log.record`'s arguments)."""
    return dict(
        action="enrollment.reenrolled",
        actor_label=actor_label,
        obj=enrollment,
        policy_id=enrollment.policy_id,
        plan_id=enrollment.plan_id,
        previous_policy_id=previous.policy_id,
        elected_aptc=str(enrollment.elected_aptc),
        coverage_start=enrollment.coverage_start.isoformat(),
        determination=str(group.determination.public_id),
        state_subsidy=str(enrollment.state_subsidy),
        bronze_to_silver=bronze_to_silver,
    )
