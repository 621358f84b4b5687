"""`seed-households N --enroll` (docs/contracts.md 4.5): enroll seeded households through the same
checkout the checkout page calls, with a plan and an APTC election picked at random, on a
random day of the coverage year's open-enrollment window (seeded data is synthetic, so its
selection date is too; real checkouts use today's date).

`enroll_household` enrolls one household through `actions.checkout`; `seed_enrolled`
makes, submits and enrolls a whole batch through the batch variants of the same actions
(applications/batch.py, enrollment/batch.py) in one transaction: the fast way to build a
state (ADR 0806). Both pick the plan with `choose`, so the same household and random state
choose the same plan either way.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from marketplace.applications import batch as applications_batch
from marketplace.applications.seeding import HouseholdSpec
from marketplace.core import crypto
from marketplace.edi import sequences
from marketplace.enrollment import actions, batch, dates
from marketplace.enrollment.selection import Group, enrollment_group, offered_plans, price


@dataclass(frozen=True)
class Choice:
    plan_id: str
    elected_aptc: Decimal | None  # None: all of the credit that applies
    on: date


def choose(group: Group, rng: random.Random, days_of: dict | None = None) -> Choice | None:
    """A plan (silver six times in ten when there is one), an APTC election (all of it
    seven times in ten, none 15%, else a part) and a day of the open enrollment window;
    None when nothing can be bought. `days_of`: a batch's {(state, year): the window's
    days}, filled here, so the days are listed once a batch, not once a household."""
    offered = offered_plans(group)
    if not offered:
        return None
    silver = [info for info in offered if info.metal_level == "silver"]
    info = rng.choice(silver if silver and rng.random() < 0.6 else offered)
    roll = rng.random()
    if roll < 0.7:
        elected = None
    elif roll < 0.85:
        elected = Decimal("0")
    else:
        share = Decimal(str(round(rng.uniform(0.2, 0.9), 2)))
        cap = price(group, info.plan_id, None).max_applicable
        elected = (cap * share).quantize(Decimal("0.01"))
    where = (group.state, group.year)
    days = days_of.get(where) if days_of is not None else None
    if days is None:
        days = dates.selection_dates(group.state, group.year)
        if days_of is not None:
            days_of[where] = days
    if not days:
        return None
    return Choice(info.plan_id, elected, rng.choice(days))


def checkout_token(rng: random.Random, user) -> uuid.UUID:
    """The checkout form's token of a seeded household: from its random state and its user,
    so two households drawn alike never share one (the same token is the same checkout)."""
    return uuid.uuid5(uuid.UUID(int=rng.getrandbits(128)), user.email)


def enroll_household(application, determination, rng: random.Random):
    """Returns the Enrollment, or None when nobody in the household can buy a plan."""
    group = enrollment_group(determination)
    if not group.members:
        return None
    choice = choose(group, rng)
    if choice is None:
        return None
    return actions.checkout(
        user=application.owner,
        determination=determination,
        plan_id=choice.plan_id,
        elected_aptc=choice.elected_aptc,
        attestations=dict.fromkeys(actions.ATTESTATIONS, True),
        token=checkout_token(rng, application.owner),
        language="en",
        on=choice.on,
        actor=application.owner,
    )


@dataclass
class BatchResult:
    made: int = 0
    enrolled: int = 0
    refused: list[str] = field(default_factory=list)  # "e-mail: reason", for the exceptions
    refused_households: list[str] = field(default_factory=list)  # e-mails not made at all


def seed_enrolled(
    households: list[tuple[str, HouseholdSpec, random.Random]], *, enroll: bool = True
) -> BatchResult:
    """Make, submit and (with `enroll`) enroll a batch of households in one transaction:
    all of them or, after a crash, none. Each household's random state (after its
    answers were drawn) chooses its plan, its election and its checkout token."""
    result = BatchResult()
    ids = None
    if enroll:  # taken in their own short transaction, as checkout does
        needed = sum(2 + len(spec.people) for _, spec, _ in households)
        ids = iter(sequences.exchange_ids(needed))
    with transaction.atomic(), crypto.remembering():  # an SSN just encrypted is not decrypted
        submitted, refused = applications_batch.submit_households(
            [(email, spec) for email, spec, _ in households]
        )
        result.made = len(submitted)
        result.refused += [f"{r.email}: {r.reason}" for r in refused]
        result.refused_households += [r.email for r in refused]
        if not enroll:
            return result
        rngs = {email: rng for email, _, rng in households}
        selections, days_of = [], {}
        for household in submitted:
            group = enrollment_group(household.determination, household.members)
            rng = rngs[household.user.email]
            choice = choose(group, rng, days_of) if group.members else None
            if choice is None:
                continue
            selections.append(
                batch.Selection(
                    user=household.user,
                    determination=household.determination,
                    plan_id=choice.plan_id,
                    elected_aptc=choice.elected_aptc,
                    token=checkout_token(rng, household.user),
                    on=choice.on,
                    attestations=dict.fromkeys(actions.ATTESTATIONS, True),
                    people=tuple(household.members),
                )
            )
        enrollments, unenrolled = batch.checkout_many(selections, ids=ids)
        result.enrolled = len(enrollments)
        result.refused += [
            f"{r.selection.user.email}: {r.code} {r.message}".strip() for r in unenrolled
        ]
    return result
