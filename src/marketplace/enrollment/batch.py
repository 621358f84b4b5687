"""Checkout for a batch of households at once: `actions.checkout` for many plan selections,
in the caller's transaction, with a few statements for the whole batch.

Every selection passes the single checkout's checks in the same order (the owner, the
latest determination, the attestations, somebody eligible, not enrolled already, the plan
offered to the group, the open enrollment window) and is priced and stored by the same
functions (`selection.enrollment_group`, `selection.price`, `actions.new_policy`); each
gets its audit row, its initial 834 in the outbox (`edi.outbox.queue_many`) and its
confirmation notice (`notices.actions.issue_notices`). A selection the checks refuse goes
to the refused list with its reason; the others go on. The same token twice gives the
enrollment already made, as a double submit of the checkout page does.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from marketplace.applications.models import Application, Member
from marketplace.audit import log as audit
from marketplace.catalog.models import PlanVariant
from marketplace.catalog.versioning import current_version, versioned_cache
from marketplace.core import bulk, clock
from marketplace.determinations.models import Determination
from marketplace.edi import build, outbox, sequences
from marketplace.enrollment import dates, notice, states
from marketplace.enrollment.actions import ATTESTATIONS, new_policy, selected_event
from marketplace.enrollment.models import Enrollment, EnrollmentMember
from marketplace.enrollment.selection import NotEnrollable, enrollment_group, price
from marketplace.notices.actions import NoticeRequest, issue_notices


@dataclass(frozen=True)
class Selection:
    """One household's checkout: `actions.checkout`'s arguments. `people`: the
    application's members in the rules input's order when at hand (saves a query)."""

    user: object
    determination: Determination
    plan_id: str
    elected_aptc: Decimal | None
    token: uuid.UUID
    on: date
    attestations: dict
    language: str = "en"
    people: tuple[Member, ...] | None = None


@dataclass(frozen=True)
class Refused:
    """A selection the checks refused: `code` as `EnrollmentError` names it."""

    selection: Selection
    code: str
    message: str = ""


def exchange_ids_needed(selections: Sequence[Selection]) -> int:
    """The most exchange ids a batch uses: a subscriber's and a policy's per household, one
    per member (take them before the batch's transaction, as `checkout` does)."""
    return sum(2 + len(s.determination.input_snapshot.get("people", [])) for s in selections)


def checkout_many(
    selections: Sequence[Selection], *, ids: Iterator[int] | None = None, actor=None
) -> tuple[list[Enrollment], list[Refused]]:
    """Enroll each selection's group; returns the enrollments (made now or before, by token)
    and the refused selections. Call inside a transaction. `ids`: exchange ids reserved
    beforehand (`sequences.exchange_ids(exchange_ids_needed(...))`); without them they are
    taken here, inside the caller's transaction."""
    if ids is None:
        ids = iter(sequences.exchange_ids(exchange_ids_needed(selections)))
    tokens = [s.token for s in selections]
    done = {e.checkout_token: e for e in Enrollment.objects.filter(checkout_token__in=tokens)}
    wanted = [s for s in selections if s.token not in done]
    app_ids = {s.determination.application_id for s in wanted}
    applications = {a.pk: a for a in Application.objects.select_for_update().filter(pk__in=app_ids)}
    latest = _latest_determinations(app_ids)
    now = clock.now()
    made: list[tuple[Enrollment, list[EnrollmentMember], Selection]] = []
    refused: list[Refused] = []
    enrolled = set(
        Enrollment.objects.filter(application_id__in=app_ids, status__in=states.ACTIVE).values_list(
            "application_id", "coverage_year", "group"
        )
    )
    for selection in wanted:
        application = applications.get(selection.determination.application_id)
        checked = _check(selection, application, latest, enrolled)
        if isinstance(checked, Refused):
            refused.append(checked)
            continue
        group, priced, start = checked
        variant = _variant(group.year, group.state, priced.quote.plan_id, priced.variant_code)
        policy_ids = [next(ids) for _ in range(2 + len(group.members))]
        enrollment, members = new_policy(
            selection.user,
            application,
            selection.determination,
            group,
            priced,
            variant,
            start,
            policy_ids,
            selection.language,
            selection.token,
        )
        enrolled.add((application.pk, group.year, group.key))
        made.append((enrollment, members, selection))
    _store(made, now, actor)
    return [*done.values(), *(e for e, _, _ in made)], refused


def _latest_determinations(app_ids) -> dict[int, int]:
    latest: dict[int, int] = {}
    rows = Determination.objects.filter(application_id__in=app_ids).order_by(
        "application_id", *Determination._meta.ordering
    )
    for app_id, pk in rows.values_list("application_id", "pk"):
        latest.setdefault(app_id, pk)
    return latest


def _check(selection: Selection, application, latest: dict, enrolled: set):
    """`actions._checkout`'s checks, in its order: (group, priced, coverage start) or Refused."""
    determination = selection.determination
    if application is None or application.owner_id != selection.user.pk:
        return Refused(selection, "not_owner")
    if latest.get(application.pk) != determination.pk:
        return Refused(selection, "stale_determination")
    missing = [name for name in ATTESTATIONS if not selection.attestations.get(name)]
    if missing:
        return Refused(selection, "attestations", ", ".join(missing))
    people = list(selection.people) if selection.people is not None else None
    try:
        group = enrollment_group(determination, people)
    except NotEnrollable as exc:
        return Refused(selection, "stale_determination", str(exc))
    if not group.members:
        return Refused(selection, "nobody_eligible")
    if (application.pk, group.year, group.key) in enrolled:
        return Refused(selection, "already_enrolled")
    try:
        priced = price(group, selection.plan_id, selection.elected_aptc)
    except NotEnrollable as exc:
        return Refused(selection, "not_offered", str(exc))
    try:
        start = dates.coverage_start(group.state, group.year, selection.on)
    except dates.OutsideOpenEnrollment as exc:
        return Refused(selection, "outside_open_enrollment", str(exc))
    return group, priced, start


def _variant(year: int, state: str, plan_id: str, code: str) -> PlanVariant:
    """The plan variant checkout stores. A state's variants for a year are read once a process
    and kept until a new catalog import lands (`catalog.versioning`): reading the batch's
    variants with their plans and issuers anew was a few per cent of a seeded household's CPU
    (docs/adr/0837). One outside them (a catalog that grew since) is read alone."""
    current_version()
    place = _variants_by_place.get((year, state))
    if place is None:
        place = _variants_by_place[(year, state)] = _variants(year, state)
    found = place.get((plan_id, code))
    if found is None:
        found = _variants(year, state, [plan_id]).get((plan_id, code))
    if found is None:  # as checkout's .get() would: the catalog has no such variant
        raise PlanVariant.DoesNotExist(f"{plan_id}-{code}")
    return found


#: (year, state) -> {(plan id, variant code): the variant, its plan and issuer read with it}
_variants_by_place: dict = versioned_cache()


def _variants(year: int, state: str, plan_ids: list[str] | None = None) -> dict:
    rows = PlanVariant.objects.select_related("plan__issuer").filter(
        plan__year=year, plan__state=state
    )
    if plan_ids is not None:
        rows = rows.filter(plan__standard_component_id__in=plan_ids)
    return {(r.plan.standard_component_id, r.variant): r for r in rows}


def _store(made, now, actor) -> None:
    """The policies, their members, audit rows, 834s and confirmation notices."""
    if not made:
        return
    bulk.insert([e for e, _, _ in made])
    rows = []
    for enrollment, members, _ in made:
        for member in members:
            member.enrollment = enrollment
            rows.append(member)
    bulk.insert(rows)
    audit.record_many(
        [audit.unsaved(**selected_event(e, s.determination, actor or s.user)) for e, _, s in made]
    )
    outbox.queue_many([(e, build.addition(e, members, now)) for e, members, _ in made])
    issue_notices(
        [
            NoticeRequest(
                e.owner, notice.KIND, notice.context_for(e, members), e.language, e, actor or s.user
            )
            for e, members, s in made
        ],
        actor=actor,
    )
