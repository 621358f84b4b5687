"""One household's annual redetermination and renewal (45 CFR 155.335): `plan` computes
everything and writes nothing (the dry run stops there); `apply` writes it, in one
transaction with its audit rows, 834 and notice, so a killed run leaves either the whole
renewal or none of it.

- Tax data only where the person allowed it (155.335(b), (k)): renewals/taxdata.py; the
  notice says what it showed, or that none was requested.
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

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction

from marketplace.applications import ftr_notice, rules_input
from marketplace.applications.determine import decide, store
from marketplace.applications.models import (
    Application,
    Deduction,
    IncomeItem,
    Member,
    Relationship,
)
from marketplace.audit import log as audit
from marketplace.core import bulk, clock
from marketplace.determinations import law_values as lv
from marketplace.determinations.models import Cause, Determination
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.reenrollment import Reenrollment, elected_for, reenroll, reenroll_many
from marketplace.enrollment.selection import Group, Priced, enrollment_group, price
from marketplace.notices.actions import issue_notices
from marketplace.renewals import explain, taxdata
from marketplace.renewals.crosswalk import Choice, choose
from marketplace.renewals.models import Outcome, Renewal
from marketplace.verifications.renewal import open_income_items
from marketplace.verifications.transfer import refer_new_to_medicaid, refer_to_medicaid


@dataclass
class Planned:
    """What the renewal of one policy will do (nothing written yet)."""

    previous: Enrollment
    to_year: int
    outcome: str
    data: dict | None = None
    result: dict | None = None
    law_values: lv.LawValuesUsed | None = None  # the result's unconfirmed values (ADR 0818)
    group: Group | None = None
    choice: Choice | None = None
    priced: Priced | None = None
    chosen: Enrollment | None = None  # the person's own choice for the new year
    people: list[Member] = field(default_factory=list)  # the members in rules order
    tax: dict = field(default_factory=dict)  # what tax data said (renewals/taxdata.py)
    detail: dict = field(default_factory=dict)

    @property
    def id_count(self) -> int:
        """Exchange ids the new policy may need (policy, subscriber, members)."""
        return 2 + (len(self.group.members) if self.group is not None else 0)


def renewal_input(
    application: Application, to_year: int, members: list[Member] | None = None
) -> dict:
    """The rules input from the stored facts, for plan year `to_year`, as of today
    (`members`: the application's, with their incomes and deductions, when at hand)."""
    if members is None:
        members = list(application.members.prefetch_related("incomes", "deductions"))
    before = application.coverage_year  # read for the new year, then as it was (no copy)
    application.coverage_year = to_year
    try:
        return rules_input.build_from(application, members, clock.today(), items_of=_items)
    finally:
        application.coverage_year = before


def _items(member: Member) -> tuple:
    """A member's income items and deductions, as `plan_many` fetched them (plain lists: a
    related manager's `.all()` costs a query set each time) or else as stored."""
    if hasattr(member, "income_list"):
        return member.income_list, member.deduction_list
    return rules_input.stored_items(member)


def _in_rules_order(members: list[Member]) -> list[Member]:
    """The members in the order the rules input lists them (rules_input.build_from)."""
    return sorted(
        members, key=lambda m: (m.relationship != Relationship.SELF, m.position, m.pk or 0)
    )


def plan(previous: Enrollment, to_year: int) -> Planned:
    """Everything the renewal of `previous` will do; writes nothing."""
    chosen = (
        Enrollment.objects.filter(
            application_id=previous.application_id,
            coverage_year=to_year,
            group=previous.group,
            status__in=states.ACTIVE,
        )
        .order_by("id")
        .first()
    )
    members = list(previous.application.members.prefetch_related("incomes", "deductions"))
    return _plan(previous, to_year, chosen, members)


def plan_many(previous: Sequence[Enrollment], to_year: int) -> list[Planned | Exception]:
    """`plan` for a batch of policies, with a few queries for the whole batch: each
    policy's Planned, or the exception its planning raised (the others go on)."""
    app_ids = {p.application_id for p in previous}
    chosen: dict[tuple, Enrollment] = {}
    for enrollment in (
        Enrollment.objects.filter(
            application_id__in=app_ids, coverage_year=to_year, status__in=states.ACTIVE
        )
        .select_related("issuer")
        .order_by("id")
    ):
        chosen.setdefault((enrollment.application_id, enrollment.group), enrollment)
    people = _people_of(app_ids)
    planned: list[Planned | Exception] = []
    for policy in previous:
        try:
            planned.append(
                _plan(
                    policy,
                    to_year,
                    chosen.get((policy.application_id, policy.group)),
                    people.get(policy.application_id, []),
                )
            )
        except Exception as exc:  # one bad household never stops the others
            planned.append(exc)
    return planned


class _Item(NamedTuple):
    """An income item or deduction as planning reads it (rules_input.household_income):
    the values alone, a tuple each rather than a model instance."""

    amount: Decimal
    frequency: str
    source: str = ""


def _people_of(app_ids: set[int]) -> dict[int, list[Member]]:
    """The members of each application, with their income items and deductions (as
    `income_list` and `deduction_list`): three queries for the batch."""
    people: dict[int, list[Member]] = {}
    for member in Member.objects.filter(application_id__in=app_ids):
        people.setdefault(member.application_id, []).append(member)
    incomes: dict[int, list[_Item]] = {}
    for member_id, *values in (
        IncomeItem.objects.filter(member__application_id__in=app_ids)
        .order_by("id")
        .values_list("member_id", "amount", "frequency", "source")
    ):
        incomes.setdefault(member_id, []).append(_Item(*values))
    deductions: dict[int, list[_Item]] = {}
    for member_id, *values in (
        Deduction.objects.filter(member__application_id__in=app_ids)
        .order_by("id")
        .values_list("member_id", "amount", "frequency")
    ):
        deductions.setdefault(member_id, []).append(_Item(*values))
    for members in people.values():
        for member in members:
            member.income_list = incomes.get(member.pk, [])
            member.deduction_list = deductions.get(member.pk, [])
    return people


def _plan(
    previous: Enrollment, to_year: int, chosen: Enrollment | None, members: list[Member]
) -> Planned:
    """`plan` with the person's own policy for `to_year` (if any) and the application's
    members (with incomes and deductions) given."""
    application = previous.application
    if chosen is not None:
        return Planned(
            previous,
            to_year,
            Outcome.ALREADY_CHOSE,
            chosen=chosen,
            detail=explain.chosen(previous, chosen),
        )
    data = renewal_input(application, to_year, members)
    people = _in_rules_order(members)
    tax = taxdata.consult(application, people, data, to_year)
    result, law_values = decide(data)
    unsaved = bulk.new(
        Determination,
        application=application,
        input_snapshot=data,
        result=result,
        law_values=law_values,
        cause=Cause.RENEWAL,
    )
    group = enrollment_group(unsaved, people)
    planned = Planned(
        previous,
        to_year,
        Outcome.NEEDS_ACTION,
        data,
        result,
        law_values,
        group,
        people=people,
        tax=tax,
    )
    if not group.members:
        planned.outcome = Outcome.MEDICAID_CHIP if _referred(result) else Outcome.LOST_ELIGIBILITY
    else:
        planned.choice = choose(group, previous.plan_id)
        if planned.choice.plan_id is not None:
            planned.priced = price(group, planned.choice.plan_id, elected_for(previous))
            same = planned.choice.plan_id == previous.plan_id[:14]
            planned.outcome = Outcome.SAME_PLAN if same else Outcome.CROSSWALKED
    planned.detail = explain.detail(planned)
    return planned


def _referred(result: dict) -> bool:
    """Somebody assessed eligible for Medicaid or CHIP (referred: 155.302(b), 155.345(a))."""
    return any(r.get("medicaid") or r.get("chip") for r in result.get("members", []))


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
        determination = store(
            application,
            planned.data,
            planned.result,
            cause=Cause.RENEWAL,
            law_values=planned.law_values,
        )
        open_income_items([(application, determination, planned.people, planned.tax)])
        _move_to_year(application, planned.to_year, actor_label)
        if _referred(planned.result):
            refer_to_medicaid(application, determination)
    if planned.priced is not None:
        group = dataclasses.replace(planned.group, determination=determination)
        enrollment = reenroll(
            previous,
            group,
            planned.choice.plan_id,
            ids=ids,
            bronze_to_silver=planned.choice.bronze_to_silver,
            actor_label=actor_label,
        )
    renewal = _renewal(planned, determination, enrollment)
    renewal.save()
    audit.record(**_renewed_event(renewal, actor_label))
    if planned.outcome != Outcome.ALREADY_CHOSE:
        notice.issue(renewal)
        # The tax filer's own notice of a failure to file and reconcile (ADR 0108).
        ftr_notice.issue_for(application, determination, planned.people)
    return renewal


def apply_many(
    planned: Sequence[Planned], ids: Iterator[int], *, actor_label: str = "renewal"
) -> list[Renewal]:
    """`apply` for a batch of planned renewals, in the caller's transaction, a few
    statements for the whole batch (core/bulk: COPY on PostgreSQL): the same
    determinations, policies, 834s, Medicaid/CHIP referrals, renewal records, notices and
    audit rows as `apply` one by one. `ids`: exchange ids (`Planned.id_count` each)."""
    from marketplace.renewals import notice

    if not planned:
        return []
    now = clock.now()
    redetermined = [p for p in planned if p.outcome != Outcome.ALREADY_CHOSE]
    determinations = {
        id(p): bulk.new(
            Determination,
            application=p.previous.application,
            rules_version=str(p.result.get("rules_version") or ""),
            input_snapshot=p.data,
            result=p.result,
            law_values=p.law_values,
            cause=Cause.RENEWAL,
            created_at=now,
        )
        for p in redetermined
    }
    lv.ensure({p.law_values.pk: p.law_values for p in redetermined if p.law_values}.values())
    bulk.insert(list(determinations.values()))
    open_income_items(_income_rows(redetermined, determinations))
    _move_many_to_year(redetermined, actor_label)
    refer_new_to_medicaid(
        [
            (p.previous.application, determinations[id(p)], p.people)
            for p in redetermined
            if _referred(p.result)
        ]
    )
    priced = [p for p in planned if p.priced is not None]
    enrollments = reenroll_many(
        [
            Reenrollment(
                p.previous,
                dataclasses.replace(p.group, determination=determinations[id(p)]),
                p.priced,
                p.choice.bronze_to_silver,
            )
            for p in priced
        ],
        ids=ids,
        actor_label=actor_label,
    )
    policy = {id(p): e for p, e in zip(priced, enrollments, strict=True)}
    renewals = [_renewal(p, determinations.get(id(p)), policy.get(id(p))) for p in planned]
    bulk.insert(renewals)
    audit.record_many([audit.unsaved(**_renewed_event(r, actor_label)) for r in renewals])
    issue_notices(
        [notice.request(r) for r in renewals if r.outcome != Outcome.ALREADY_CHOSE]
        + _ftr_requests(redetermined, determinations)
    )
    return renewals


def _ftr_requests(redetermined: Sequence[Planned], determinations: dict) -> list:
    """The notices to tax filers who are not the account holder (ADR 0108)."""
    found = [
        ftr_notice.request_for(p.previous.application, determinations[id(p)], p.people)
        for p in redetermined
    ]
    return [request for request in found if request is not None]


def _income_rows(redetermined: Sequence[Planned], determinations: dict) -> list[tuple]:
    """What `verifications.renewal.open_income_items` reads for each redetermined household
    (it opens an income item where the tax data was not reasonably compatible)."""
    return [(p.previous.application, determinations[id(p)], p.people, p.tax) for p in redetermined]


def _renewal(
    planned: Planned, determination: Determination | None, enrollment: Enrollment | None
) -> Renewal:
    """The renewal record (not yet saved), its detail with the new policy's ids."""
    previous, choice = planned.previous, planned.choice
    detail = planned.detail
    if enrollment is not None:
        detail = explain.with_policy(detail, enrollment)
    return bulk.new(
        Renewal,
        application=previous.application,
        previous=previous,
        enrollment=enrollment or planned.chosen,
        determination=determination,
        from_year=previous.coverage_year,
        to_year=planned.to_year,
        outcome=planned.outcome,
        crosswalk_level=choice.level if choice is not None else None,
        reason=(choice.reason if choice is not None else "")[:200],
        bronze_to_silver=bool(choice and choice.bronze_to_silver and enrollment),
        aptc_lost=explain.aptc_lost(detail),
        csr_lost="csr_lost" in explain.lost_counts(detail),
        dropped=len(detail.get("dropped", ())),
        detail=detail,
        created_at=clock.now(),
    )


def _renewed_event(renewal: Renewal, actor_label: str) -> dict:
    """The renewal's audit row (`audit.log.record`'s arguments)."""
    enrollment, determination = renewal.enrollment, renewal.determination
    return dict(
        action="renewal.renewed",
        actor_label=actor_label,
        obj=renewal,
        outcome=renewal.outcome,
        previous_policy_id=renewal.previous.policy_id,
        to_year=renewal.to_year,
        policy_id=enrollment.policy_id if enrollment is not None else None,
        determination=str(determination.public_id) if determination is not None else None,
    )


def _move_many_to_year(planned: Sequence[Planned], actor_label: str) -> None:
    """`_move_to_year` for the applications of a batch: one update, an audit row each."""
    moving: dict[int, tuple[Application, int]] = {}
    for p in planned:
        application = p.previous.application
        if application.coverage_year != p.to_year and application.pk not in moving:
            moving[application.pk] = (application, p.to_year)
    by_year: dict[int, list[int]] = {}
    for pk, (_, year) in moving.items():
        by_year.setdefault(year, []).append(pk)
    for year, pks in by_year.items():
        Application.objects.filter(pk__in=pks).update(coverage_year=year)
    events = []
    for application, year in moving.values():
        before = application.coverage_year
        events.append(
            audit.unsaved(
                "application.coverage_year_changed",
                actor_label=actor_label,
                obj=application,
                before=before,
                after=year,
                cause="renewal",
            )
        )
    audit.record_many(events)


def _move_to_year(application: Application, year: int, actor_label: str) -> None:
    """The application goes on into the new plan year: a change the person reports from
    now on is determined for it (the old year's policy keeps its own determination)."""
    if application.coverage_year == year:
        return
    before = application.coverage_year
    Application.objects.filter(pk=application.pk).update(coverage_year=year)
    application.coverage_year = year
    audit.record(
        "application.coverage_year_changed",
        actor_label=actor_label,
        obj=application,
        before=before,
        after=year,
        cause="renewal",
    )
