"""One household's annual redetermination and renewal (45 CFR 155.335): `plan` computes
everything and writes nothing (the dry run stops there); `apply` writes it, in one
transaction with its audit rows, 834 and notice, so a killed run leaves either the whole
renewal or none of it.

- The redetermination: the household's stored facts (the application: people, income,
  address) built by the same `rules_input.build` and determined by the same engine call as
  an application (`applications.determine.evaluate`), for the new plan year: ages on
  January 1 of that year, that year's poverty guideline, applicable percentages, benchmark
  plan and state program (155.335(h)-(i)). Stored as a determination with cause "renewal".
- Who can stay in a plan: the enrollment group of the new determination
  (`selection.enrollment_group`); members now eligible for Medicaid or CHIP leave it and are
  referred to the state agency (155.302(b), 155.345(a)); nobody left: lost eligibility or
  Medicaid/CHIP, told in the notice (155.335(h)(1)(ii)); the old policy ends with its plan
  year.
- The plan: renewals/crosswalk.py (155.335(j)), priced through `selection.price` (the
  catalog's `price_plan`, with the new maximum APTC, CSR level and state program).
- The new policy: `enrollment.reenrollment.reenroll`, from January 1, unless the person
  already chose a plan for the new year (then nothing is re-enrolled).
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field

from django.db import transaction

from marketplace.applications import rules_input
from marketplace.applications.determine import decide, store
from marketplace.applications.models import Application
from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.determinations.models import Cause, Determination
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.reenrollment import elected_for, reenroll
from marketplace.enrollment.selection import Group, Priced, enrollment_group, price
from marketplace.renewals import explain
from marketplace.renewals.crosswalk import Choice, choose
from marketplace.renewals.models import Outcome, Renewal
from marketplace.verifications.transfer import refer_to_medicaid


@dataclass
class Planned:
    """What the renewal of one policy will do (nothing written yet)."""

    previous: Enrollment
    to_year: int
    outcome: str
    data: dict | None = None
    result: dict | None = None
    group: Group | None = None
    choice: Choice | None = None
    priced: Priced | None = None
    chosen: Enrollment | None = None  # the person's own choice for the new year
    detail: dict = field(default_factory=dict)

    @property
    def id_count(self) -> int:
        """Exchange ids the new policy may need (policy, subscriber, members)."""
        return 2 + (len(self.group.members) if self.group is not None else 0)


def renewal_input(application: Application, to_year: int) -> dict:
    """The rules input from the stored facts, for plan year `to_year`, as of today."""
    moved = copy.copy(application)
    moved.coverage_year = to_year
    return rules_input.build(moved, clock.today())


def plan(previous: Enrollment, to_year: int) -> Planned:
    """Everything the renewal of `previous` will do; writes nothing."""
    application = previous.application
    chosen = (
        Enrollment.objects.filter(application=application, coverage_year=to_year,
                                  group=previous.group, status__in=states.ACTIVE)
        .order_by("id").first()
    )  # fmt: skip
    if chosen is not None:
        return Planned(previous, to_year, Outcome.ALREADY_CHOSE, chosen=chosen,
                       detail=explain.chosen(previous, chosen))  # fmt: skip
    data = renewal_input(application, to_year)
    result = decide(data)
    unsaved = Determination(application=application, input_snapshot=data, result=result,
                            cause=Cause.RENEWAL)  # fmt: skip
    group = enrollment_group(unsaved)
    planned = Planned(previous, to_year, Outcome.NEEDS_ACTION, data, result, group)
    if not group.members:
        referred = any(r.get("medicaid") or r.get("chip") for r in result.get("members", []))
        planned.outcome = Outcome.MEDICAID_CHIP if referred else Outcome.LOST_ELIGIBILITY
    else:
        planned.choice = choose(group, previous.plan_id)
        if planned.choice.plan_id is not None:
            planned.priced = price(group, planned.choice.plan_id, elected_for(previous))
            same = planned.choice.plan_id == previous.plan_id[:14]
            planned.outcome = Outcome.SAME_PLAN if same else Outcome.CROSSWALKED
    planned.detail = explain.detail(planned)
    return planned


@transaction.atomic
def apply(planned: Planned, ids: list[int], *, actor_label: str = "renewal") -> Renewal:
    """Write the renewal `plan` computed: determination, new policy and 834, Medicaid/CHIP
    referrals, the renewal record, its notice and audit rows. `ids`: exchange ids to use
    (at least `planned.id_count`)."""
    from marketplace.renewals import notice

    previous = planned.previous
    application = previous.application
    determination = enrollment = None
    if planned.outcome != Outcome.ALREADY_CHOSE:
        determination = store(application, planned.data, planned.result, cause=Cause.RENEWAL)
        _move_to_year(application, planned.to_year, actor_label)
        if any(r.get("medicaid") or r.get("chip") for r in planned.result.get("members", [])):
            refer_to_medicaid(application, determination)
    if planned.priced is not None:
        group = dataclasses.replace(planned.group, determination=determination)
        enrollment = reenroll(previous, group, planned.choice.plan_id, ids=ids,
                              bronze_to_silver=planned.choice.bronze_to_silver,
                              actor_label=actor_label)  # fmt: skip
        planned.detail = explain.with_policy(planned.detail, enrollment)
    choice = planned.choice
    renewal = Renewal.objects.create(
        application=application, previous=previous, enrollment=enrollment or planned.chosen,
        determination=determination, from_year=previous.coverage_year,
        to_year=planned.to_year, outcome=planned.outcome,
        crosswalk_level=choice.level if choice is not None else None,
        reason=(choice.reason if choice is not None else "")[:200],
        bronze_to_silver=bool(choice and choice.bronze_to_silver and enrollment),
        detail=planned.detail, created_at=clock.now(),
    )  # fmt: skip
    audit.record(
        "renewal.renewed", actor_label=actor_label, obj=renewal, outcome=renewal.outcome,
        previous_policy_id=previous.policy_id, to_year=planned.to_year,
        policy_id=enrollment.policy_id if enrollment is not None else None,
        determination=str(determination.public_id) if determination is not None else None,
    )  # fmt: skip
    if planned.outcome != Outcome.ALREADY_CHOSE:
        notice.issue(renewal)
    return renewal


def _move_to_year(application: Application, year: int, actor_label: str) -> None:
    """The application goes on into the new plan year: a change the person reports from
    now on is determined for it (the old year's policy keeps its own determination)."""
    if application.coverage_year == year:
        return
    before = application.coverage_year
    Application.objects.filter(pk=application.pk).update(coverage_year=year)
    application.coverage_year = year
    audit.record("application.coverage_year_changed", actor_label=actor_label,
                 obj=application, before=before, after=year, cause="renewal")  # fmt: skip
