"""Every enrollment change: one function per operation, one transaction, one audit row, and
the 834 queued in the same transaction (docs/architecture.md; docs/puf-and-834.md B.6).

- `checkout`: plan selection from a determination (45 CFR 155.400, 155.410), the initial
  834 (021/EC) and the enrollment confirmation notice.
- `change_aptc`: a new APTC election (45 CFR 155.310(d)(2)), an 001 FINANCIAL CHANGE.
- `end_coverage`: the person cancels (before coverage or never effectuated) or terminates
  (45 CFR 155.430(b)(1), (d)(2)), a 024.
- `end_for_ineligibility`: the exchange ends a policy whose members are no longer eligible
  (45 CFR 155.430(b)(2)(i), (d)(3)), a 024 with INS04 07; `redetermination.apply` decides
  when, after a verification deadline passes.
- `end_for_death`: the last person on a policy died: coverage ends on the date of death
  (45 CFR 155.430(d)(7)), a 024 with INS04 03.
- Changes to a policy in force (a member leaves, a new subscriber, another CSR variant):
  `enrollment/maintenance.py`.
- `release_pended`, `cancel_pended`: an enrollment held for the documents of its special
  enrollment period (45 CFR 155.420(g)) goes to the issuer, or is cancelled unsent.
- `mark_transmitted`, `effectuate`, `issuer_end`: what the EDI export and intake record.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction

from marketplace.applications.models import Application
from marketplace.audit import log as audit
from marketplace.audit.models import AuditEvent
from marketplace.core import acting, bulk, clock
from marketplace.core.transactions import atomic_action
from marketplace.determinations.models import Determination
from marketplace.edi import build, outbox, sequences
from marketplace.enrollment import dates, notice, policy_writes, special_periods, states
from marketplace.enrollment.errors import EnrollmentError
from marketplace.enrollment.models import Enrollment, EnrollmentMember, Status
from marketplace.enrollment.selection import (
    enrollment_group,
    offered_plans,
    policy_state_subsidy,
    price,
)

#: What the person must attest at checkout (45 CFR 155.310(d)(2)(ii) for APTC: file taxes
#: and reconcile; 155.400: the selection is theirs; truthful information).
ATTESTATIONS = ("truthful", "reconcile", "terms")


def today() -> date:
    """The exchange's date (core/clock.py: moved by MARKETPLACE_TODAY on demo and training
    deployments, refused in production)."""
    return clock.today()


_actor_label = policy_writes.actor_label


def _lock(enrollment: Enrollment) -> Enrollment:
    """The policy, locked for the change (its insurer read with it, NOT locked: `of` self).

    Without `of`, PostgreSQL's FOR UPDATE also locks the insurer's row that select_related
    joins, a row thousands of policies point to: every transaction that stores a row
    referring to that insurer (a new policy, an 834, at commit: Django's foreign keys are
    deferred) then waits for this one, and two plan changes trading insurers wait for each
    other until PostgreSQL ends one with "deadlock detected" (issue 17; ADR 0815)."""
    locked = Enrollment.objects.select_for_update(of=("self",)).select_related("issuer")
    return locked.get(pk=enrollment.pk)


def _members(enrollment: Enrollment) -> list[EnrollmentMember]:
    """The members an 834 about the whole policy lists: those still on it."""
    return enrollment.covered_members()


def checkout(
    *,
    user,
    determination: Determination,
    plan_id: str,
    elected_aptc: Decimal | None,
    attestations: dict,
    token: str | uuid.UUID,
    language: str = "en",
    on: date | None = None,
    actor=None,
    ip_address: str | None = None,
    channel: str | None = None,
) -> Enrollment:
    """Enroll the determination's group in `plan_id`. The same `token` (the checkout form's)
    always returns the same enrollment: a double submit makes ONE enrollment.

    `channel`: how the choice reached us (core/channel.py) when staff enter it for the person
    (a caseworker on the telephone: casework/plan_choice.py); the application's otherwise."""
    token = uuid.UUID(str(token))
    found = Enrollment.objects.filter(checkout_token=token).first()
    if found is not None:
        return found
    # Exchange ids come from their own short transaction, so concurrent checkouts do not
    # queue behind one sequence row; a failed checkout leaves a harmless gap.
    ids = sequences.exchange_ids(2 + len(enrollment_group(determination).members))
    try:
        return _checkout(
            user,
            determination,
            plan_id,
            elected_aptc,
            attestations,
            token,
            language,
            on or today(),
            actor,
            ip_address,
            ids,
            channel,
        )
    except IntegrityError:
        found = Enrollment.objects.filter(checkout_token=token).first()
        if found is not None:
            return found
        raise EnrollmentError("already_enrolled") from None


@atomic_action
def _checkout(
    user,
    determination,
    plan_id,
    elected,
    attestations,
    token,
    language,
    on,
    actor,
    ip_address,
    ids,
    channel=None,
) -> Enrollment:
    """One checkout in one transaction, under the application's lock: the checks
    (`_checked_group`), the policy the person already has for the year (`_current_policy`),
    the coverage start (`_start_and_period`), the plan priced, the old policy ended when the
    new plan replaces it (`_change_plans`), then the new policy stored with its audit row,
    its 834 and its notice (`_store_selection`)."""
    application = Application.objects.select_for_update().get(pk=determination.application_id)
    found = Enrollment.objects.filter(checkout_token=token).first()
    if found is not None:  # the other submit won the lock
        return found
    group = _checked_group(application, user, determination, attestations)
    current = _current_policy(application, group, on, actor, ip_address)
    start, special = _start_and_period(application, group, on)
    group, ids = _for_period(group, special, ids)
    if special is not None and special.no_aptc:  # Pub. L. 119-21 s. 71304: no APTC
        elected = Decimal("0")
    priced = price(group, plan_id, elected)
    if current is not None and not _change_plans(
        current, priced, special, start, actor, ip_address, group
    ):
        return current
    variant = policy_writes.variant_of(group.year, priced)
    if len(ids) != 2 + len(group.members):
        raise EnrollmentError("stale_determination")
    enrollment, members = new_policy(
        user,
        application,
        determination,
        group,
        priced,
        variant,
        start,
        ids,
        language,
        token,
        channel,
    )
    # 45 CFR 155.420(g): a new enrollment through a period whose event is checked first is
    # held until the documents are accepted (an enrollee changing plans is already covered
    # and is not held).
    enrollment.pended = special is not None and special.verify and current is None
    return _store_selection(enrollment, members, determination, special, actor, ip_address)


def _checked_group(application, user, determination, attestations):
    """The determination's enrollment group, when the checkout may go on: the person owns
    the application, the determination is its latest (45 CFR 155.400(a): enrollment of the
    qualified individual as determined), every attestation is given (45 CFR 155.310(d)(2)(ii),
    155.400), and somebody is eligible for a QHP (155.305(a))."""
    if application.owner_id != user.pk:
        raise EnrollmentError("not_owner")
    latest = application.determinations.first()
    if latest is None or latest.pk != determination.pk:
        raise EnrollmentError("stale_determination")
    missing = [name for name in ATTESTATIONS if not attestations.get(name)]
    if missing:
        raise EnrollmentError("attestations", ", ".join(missing))
    group = enrollment_group(determination)
    if not group.members:
        raise EnrollmentError("nobody_eligible")
    return group


def _current_policy(application, group, on, actor, ip_address) -> Enrollment | None:
    """The group's active policy for the year, if any. An automatic re-enrollment that has
    not started is ended instead (45 CFR 155.335(j): re-enrolled "unless the enrollee
    terminates coverage ... or selects a different plan"): the plan the person chooses
    replaces it before it starts (its 834 is a cancellation)."""
    current = Enrollment.objects.filter(
        application=application,
        coverage_year=group.year,
        group=group.key,
        status__in=states.ACTIVE,
    ).first()
    if current is not None and replaceable_reenrollment(current, on):
        end_coverage(current, actor=actor, ip_address=ip_address, on=on)
        return None
    return current


def _start_and_period(application, group, on):
    """(coverage start, special enrollment period or None): open enrollment's start (45 CFR
    155.410(f)), else that of an open special enrollment period (155.420(b)); outside both,
    EnrollmentError "outside_open_enrollment"."""
    try:
        return dates.coverage_start(group.state, group.year, on), None
    except dates.OutsideOpenEnrollment as exc:
        special = special_periods.find(application, group.year, on)
        if special is None:
            raise EnrollmentError("outside_open_enrollment", str(exc)) from exc
        return special.start, special


def _for_period(group, special, ids):
    """The group narrowed to the members the special enrollment period is for (45 CFR
    155.420(a)(5): not a member who had no prior coverage), with the exchange ids for them
    (ids were taken for the whole group: a mismatch means the determination changed)."""
    if len(ids) != 2 + len(group.members):
        raise EnrollmentError("stale_determination")
    narrowed = special_periods.narrow(group, special)
    if not narrowed.members:
        raise EnrollmentError("nobody_in_period")
    return narrowed, ids[: 2 + len(narrowed.members)]


def _change_plans(current, priced, special, start, actor, ip_address, group=None) -> bool:
    """The plan chosen replaces `current` from the new plan's `start` (`_end_for_plan_change`:
    a cancellation when the old one would not have begun by then, else a termination the day
    before). In open enrollment a qualified individual may enroll in or change plans (45 CFR
    155.410(a)); the same plan and credit again is nothing to do (False). Through a special
    enrollment period the new plan must be one the period allows (155.420(a)(4)) and must not
    drop anyone on `current` whom a period for some members does not cover
    (`_leaves_others_out`); through a
    period for gaining a dependent, another plan only when the current one does not take the
    dependent (`_keeps_current_plan`, 155.420(a)(4)(i))."""
    if special is None:
        if _same_selection(current, priced):
            return False
    elif _leaves_others_out(current, special):
        raise EnrollmentError("others_on_current_plan", current.policy_id)
    elif not special.allows(current.metal_level, priced.quote.info.metal_level):
        raise EnrollmentError("same_metal_level", current.metal_level)
    elif _keeps_current_plan(current, priced, special, group):
        raise EnrollmentError("add_to_current_plan", current.plan_id[:14])
    _end_for_plan_change(current, start, actor, ip_address)
    return True


def _leaves_others_out(current, special) -> bool:
    """A period for some members only (45 CFR 155.420(a)(5): those who show prior coverage)
    gives a plan selection to them, not to the others on the current policy: the policy the
    new plan would replace covers someone the period is not for, whose coverage would end
    with it, so the selection is refused (155.420(a)(4)(iii): the qualifying members change
    plans or join the enrollee's plan; the others keep theirs)."""
    if special.members is None:
        return False
    return any(m.person_id not in special.members for m in current.covered_members())


def _keeps_current_plan(current, priced, special, group) -> bool:
    """45 CFR 155.420(a)(4)(i): an enrollee who gained a dependent ((d)(2)(i)) adds the
    dependent to the current plan, or, "if the current QHP's business rules do not allow the
    dependent to enroll", changes to another plan within the metal level. The exchange reads
    a plan's rules as its offer: the current plan still offered to the group with the
    dependent (`selection.offered_plans`) takes them, so another plan is refused."""
    if not special.dependent_joins or group is None:
        return False
    base = current.plan_id[:14]
    if priced.quote.plan_id == base:
        return False
    return any(info.plan_id == base for info in offered_plans(group))


def _store_selection(enrollment, members, determination, special, actor, ip_address):
    """The new policy and its members saved, its audit row, its initial 834 (021/EC) in the
    outbox unless held (45 CFR 155.420(g)), the special period marked used and the
    enrollment confirmation notice (45 CFR 155.230, 155.400(d)), all in the checkout's
    transaction."""
    if special is not None and special.no_aptc:
        enrollment.max_aptc = Decimal("0.00")
    enrollment.save()
    for member in members:
        member.enrollment = enrollment
        member.save()
    audit.record(**selected_event(enrollment, determination, actor, ip_address))
    if not enrollment.pended:
        outbox.queue(enrollment, build.addition(enrollment, _members(enrollment), clock.now()))
    if special is not None:
        special_periods.used(special, enrollment)
    notice.issue(enrollment, actor=actor)
    return enrollment


def _same_selection(current: Enrollment, priced) -> bool:
    """The plan (with its variant) and credit the person already has: nothing to replace."""
    return (
        current.plan_id == f"{priced.quote.plan_id}{priced.variant_code}"
        and current.elected_aptc == priced.elected_aptc
    )


def selected_event(enrollment, determination, actor, ip_address=None) -> dict:
    """The audit row of a plan selection (`audit.log.record`'s arguments)."""
    return dict(
        action="enrollment.selected",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=enrollment,
        ip_address=ip_address,
        policy_id=enrollment.policy_id,
        plan_id=enrollment.plan_id,
        elected_aptc=str(enrollment.elected_aptc),
        coverage_start=enrollment.coverage_start.isoformat(),
        determination=str(determination.public_id),
        state_subsidy=str(enrollment.state_subsidy),
        state_program=enrollment.state_program,
    )


def new_policy(
    user,
    application,
    determination,
    group,
    priced,
    variant,
    start,
    ids,
    language,
    token,
    channel=None,
) -> tuple[Enrollment, list[EnrollmentMember]]:
    """The policy a checkout stores and its members (subscriber first), not yet saved: the
    group's plan as `priced`, its `variant`, coverage from `start`, exchange `ids` (the
    subscriber's, the policy's, then one per member), the contact the application gives and
    the agent or broker acting for the household (`_broker`, 45 CFR 155.220(c))."""
    values = policy_writes.selection_values(application, group, priced, variant, start)
    enrollment = bulk.new(
        Enrollment,
        **{
            **values,
            "owner": user,
            "determination": determination,
            "subscriber_id": f"S{ids[0]:010d}",
            "policy_id": f"P{ids[1]:010d}",
            "email": application.contact_email or user.email,
            "language": language,
            "channel": channel or application.channel,
            "checkout_token": token,
            "attestations": {k: True for k in ATTESTATIONS},
            **_broker(),
        },
    )
    member_ids = [f"M{ids[2 + position]:010d}" for position in range(len(group.members))]
    return enrollment, policy_writes.group_rows(enrollment, group, priced, member_ids)


def _broker() -> dict:
    """The agent or broker acting for the household at checkout (core.acting), carried on
    the policy and its 834 (45 CFR 155.220(c); docs/puf-and-834.md B.2 loop 1000C); navigators and
    counsellors are not agents of record and are not sent."""
    helper = acting.current()
    if helper is None or helper.channel != "broker" or not helper.npn:
        return {}
    return {"broker_name": helper.name[:60], "broker_npn": helper.npn}


@atomic_action
def change_aptc(
    enrollment: Enrollment,
    elected: Decimal,
    *,
    actor=None,
    ip_address=None,
    on: date | None = None,
    max_aptc: Decimal | None = None,
    determination: Determination | None = None,
    members: list[EnrollmentMember] | None = None,
    benchmark: Decimal | None = None,
) -> Enrollment:
    """A new APTC election from the first of next month (CG §6.11.1: APTC starts on the 1st),
    never above the maximum nor the plan's EHB premium (26 CFR 1.36B-3(j)).

    A redetermination (verifications/expiry.py) also gives the new maximum `max_aptc` for
    the members on the policy and the `determination` it comes from; the first of next
    month is then the 45 CFR 155.330(f)(1)(i) effective date (the notice is dated `on`),
    and `benchmark` is the policy's own SLCSP premium when only some of the household is on
    it (`selection.for_enrolled`; None: the determination's). A new maximum with the same
    election is recorded without an 834 (APTC AMT does not change). `members`: the
    policy's covered members when the caller read them in this transaction."""
    locked = _lock(enrollment)
    states.next_state(locked.status, "change")  # refuses a policy that cannot change
    new_max = locked.max_aptc if max_aptc is None else policy_writes.cents(max_aptc)
    amount = _bounded_election(elected, min(new_max, locked.ehb_premium, locked.premium))
    redetermined = determination is not None and determination.pk != locked.determination_id
    state = policy_state_subsidy(locked, amount, determination, new_max)
    same_benchmark = determination is None or benchmark == locked.benchmark_premium
    if amount == locked.elected_aptc and new_max == locked.max_aptc and not redetermined:
        if same_benchmark:
            return locked
    effective = policy_writes.next_month_effective(locked, on or today())
    old = {"aptc": locked.elected_aptc, "max": locked.max_aptc, "state": locked.state_subsidy}
    values = {
        "elected_aptc": amount,
        "state_subsidy": state,
        "premium_after_credit": locked.premium - amount - state,
        "max_aptc": new_max,
    }
    if determination is not None:
        values["determination"] = determination
        values["benchmark_premium"] = benchmark
    policy_writes.save_changes(locked, "change", values)
    policy_writes.record(
        "enrollment.aptc_changed" if amount != old["aptc"] else "enrollment.max_aptc_changed",
        locked,
        actor,
        ip_address,
        old=str(old["aptc"]),
        new=str(amount),
        effective=effective.isoformat(),
        **_aptc_audit_detail(old, locked, redetermined),
    )
    if amount != old["aptc"] or state != old["state"]:
        covered = _members(locked) if members is None else members
        outbox.queue(locked, build.financial_change(locked, covered, clock.now(), effective))
    return locked


def _bounded_election(elected, cap: Decimal) -> Decimal:
    """The election from 0 to `cap` (45 CFR 155.310(d)(2): any amount up to the maximum),
    in cents; bounded before rounding: quantize cannot round 1E+28 or more to cents."""
    return policy_writes.cents(min(max(Decimal(elected), Decimal("0")), cap))


def _aptc_audit_detail(old: dict, locked: Enrollment, redetermined: bool) -> dict:
    """What an APTC change's audit row adds: the old and new maximum with the determination
    when a redetermination gave them (45 CFR 155.330(e)), the state's help when it changed."""
    detail = {}
    if locked.max_aptc != old["max"] or redetermined:
        detail = {
            "old_max": str(old["max"]),
            "new_max": str(locked.max_aptc),
            "determination": str(locked.determination.public_id),
        }
        if locked.benchmark_premium is not None:  # Form 1095-A column B (form1095a/collect)
            detail["benchmark"] = str(locked.benchmark_premium)
    if locked.state_subsidy != old["state"]:
        detail["old_state_subsidy"] = str(old["state"])
        detail["new_state_subsidy"] = str(locked.state_subsidy)
    return detail


def _end_for_plan_change(enrollment: Enrollment, start: date, actor, ip_address) -> None:
    """The old policy ends the day before the new plan's coverage starts (45 CFR
    155.420(a)(4): an enrollee changes plans through a special enrollment period), or is
    cancelled when it never was in force by then; its 024 goes in the outbox."""
    locked = _lock(enrollment)
    end = start - timedelta(days=1)
    cancel = not in_force(locked) or end < locked.coverage_start
    end = locked.coverage_start if cancel else end
    _ended(
        locked,
        "cancel" if cancel else "terminate",
        end,
        "voluntary",
        actor=actor,
        ip_address=ip_address,
        reason="plan_change",
    )


@atomic_action
def change_broker(
    enrollment: Enrollment, *, name: str, npn: str, actor=None, on: date | None = None
) -> Enrollment:
    """A household's new agent or broker of record (45 CFR 155.220(c)) on a policy in force:
    stored on the policy and sent to the issuer from the first of next month (001, AMRC
    AGENT BROKER INFO, loop 1000C). The same broker again changes nothing."""
    locked = _lock(enrollment)
    name = name[:60]
    if (locked.broker_name, locked.broker_npn) == (name, npn):
        return locked
    effective = policy_writes.next_month_effective(locked, on or today())
    locked.status = states.next_state(locked.status, "change")
    old_npn = locked.broker_npn
    locked.broker_name, locked.broker_npn = name, npn
    locked.save(update_fields=["broker_name", "broker_npn", "status", "updated_at"])
    audit.record(
        "enrollment.broker_changed",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        old_npn=old_npn,
        new_npn=npn,
        effective=effective.isoformat(),
    )
    outbox.queue(locked, build.broker_change(locked, _members(locked), clock.now(), effective))
    return locked


def replaceable_reenrollment(enrollment: Enrollment, on: date) -> bool:
    """An automatic re-enrollment (enrollment/reenrollment.py) that has not started yet:
    a plan the person selects for the same year takes its place."""
    return bool(enrollment.attestations.get("renewal")) and on < enrollment.coverage_start


def in_force(enrollment: Enrollment) -> bool:
    """Effectuated, or the successor of a policy that was (a CIC pair with the same issuer:
    coverage goes on without a new binder payment, so its end is a termination)."""
    if enrollment.status == states.EFFECTUATED:
        return True
    previous = enrollment.replaces
    return (
        enrollment.status in states.ACTIVE
        and previous is not None
        and previous.status == states.TERMINATED
    )


def _terminate_event(enrollment: Enrollment) -> str:
    return "terminate" if enrollment.status == states.EFFECTUATED else "terminate_continuation"


def ending_for(enrollment: Enrollment, on: date, wanted: date | None = None) -> tuple[str, date]:
    """("cancel", begin date) before coverage starts or when never in force, else
    ("terminate", the 45 CFR 155.430(d)(2) end date)."""
    if not in_force(enrollment) or on < enrollment.coverage_start:
        return "cancel", enrollment.coverage_start
    return "terminate", dates.termination_end(enrollment.coverage_start, on, wanted)


@atomic_action
def end_coverage(
    enrollment: Enrollment,
    *,
    wanted: date | None = None,
    actor=None,
    ip_address=None,
    on: date | None = None,
) -> Enrollment:
    """The person ends their coverage (45 CFR 155.430(b)(1)): cancel or terminate. Before
    coverage starts it is a cancellation even when the issuer has already effectuated the
    policy (155.430(e)(2); enrollment/states.py)."""
    locked = _lock(enrollment)
    event, end = ending_for(locked, on or today(), wanted)
    return _ended(locked, event, end, "voluntary", actor=actor, ip_address=ip_address)


@atomic_action
def end_for_ineligibility(
    enrollment: Enrollment,
    *,
    notice_date: date,
    actor=None,
    determination: Determination | None = None,
) -> Enrollment:
    """The exchange ends the policy because no one on it is eligible for a QHP any more
    (45 CFR 155.430(b)(2)(i)), e.g. after a citizenship or immigration verification
    deadline passed (155.315(f)(5)). The last day of coverage is the last day of the month
    after the month of the notice dated `notice_date` (155.430(d)(3)); before coverage
    starts a policy that was effectuated is still terminated on that date (coverage runs
    until then); one never effectuated is cancelled. The 024 says INS04 07 (no longer
    eligible) with TERM-NLE / CANCEL-NLE (edi/build.py)."""
    locked = _lock(enrollment)
    if in_force(locked):
        event, end = "terminate", dates.ineligibility_end(locked.coverage_start, notice_date)
    else:  # never effectuated: nothing was covered (CG §7.2.5)
        event, end = "cancel", locked.coverage_start
    return _ended(
        locked,
        event,
        end,
        "not_eligible",
        actor=actor,
        determination=str(determination.public_id) if determination is not None else None,
    )


@atomic_action
def end_for_death(
    enrollment: Enrollment, *, date_of_death: date, actor=None, ip_address=None
) -> Enrollment:
    """Everyone still on the policy has died (the last of them on `date_of_death`): the
    last day of coverage is the date of death (45 CFR 155.430(d)(7)), any day of a month;
    a policy never in force, or a death before coverage began, is cancelled from its begin
    date. The 024 says INS04 03 (death) with TERM / CANCEL (edi/build.py END_REASONS).
    Idempotent: a policy already ended is returned as it is."""
    locked = _lock(enrollment)
    if not locked.is_active:
        return locked
    last_day = locked.coverage_end or date(locked.coverage_year, 12, 31)
    if not in_force(locked) or date_of_death < locked.coverage_start:
        event, end = "cancel", locked.coverage_start
    else:
        event, end = "terminate", min(date_of_death, last_day)
    return _ended(locked, event, end, "death", actor=actor, ip_address=ip_address)


def _ended(
    locked: Enrollment,
    event: str,
    end: date,
    end_reason: str,
    *,
    actor=None,
    ip_address=None,
    **audit_fields,
) -> Enrollment:
    """Carry out an ending worked out by the caller: the state's next status, the last day
    and why, the audit row (`enrollment.cancelled` or `enrollment.terminated`; the reason
    named unless the person chose it) and the 024 in the outbox, whose INS04 and AMRC come
    from `end_reason` (edi/build.py END_REASONS)."""
    locked.status = states.next_state(
        locked.status, _terminate_event(locked) if event == "terminate" else event
    )
    locked.coverage_end = end
    locked.end_reason = end_reason
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    if end_reason != "voluntary":
        audit_fields = {"reason": end_reason, **audit_fields}
    audit.record(
        f"enrollment.{'cancelled' if event == 'cancel' else 'terminated'}",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        ip_address=ip_address,
        coverage_end=end.isoformat(),
        **audit_fields,
    )
    outbox.queue(
        locked, build.ending(locked, _members(locked), clock.now(), end, reason=end_reason)
    )
    return locked


@atomic_action
def release_pended(enrollment: Enrollment, *, actor=None, ip_address=None) -> Enrollment:
    """The documents of the special enrollment period were accepted (45 CFR 155.420(g)):
    the held enrollment goes to the issuer, its initial 834 (021/EC) with the coverage start
    the period gave at selection (155.420(b)). Idempotent."""
    locked = _lock(enrollment)
    if not locked.pended:
        return locked
    locked.pended = False
    locked.save(update_fields=["pended", "updated_at"])
    audit.record(
        "enrollment.released",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        ip_address=ip_address,
        coverage_start=locked.coverage_start.isoformat(),
    )
    outbox.queue(locked, build.addition(locked, _members(locked), clock.now()))
    return locked


@atomic_action
def cancel_pended(
    enrollment: Enrollment, *, actor=None, reason: str = "not_verified"
) -> Enrollment:
    """The documents of the special enrollment period were not given in time (45 CFR
    155.420(g)): the held enrollment is cancelled. The issuer never had it, so no 834 goes
    out. Idempotent: an enrollment not held is returned as it is."""
    locked = _lock(enrollment)
    if not locked.pended or not locked.is_active:
        return locked
    locked.status = states.next_state(locked.status, "cancel")
    locked.coverage_end = locked.coverage_start
    locked.end_reason = reason
    locked.pended = False
    locked.save(update_fields=["status", "coverage_end", "end_reason", "pended", "updated_at"])
    audit.record(
        "enrollment.cancelled",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        coverage_end=locked.coverage_end.isoformat(),
        reason=reason,
    )
    return locked


def mark_transmitted(enrollment_ids: list[int], file_name: str) -> int:
    """The export sent these enrollments' initial 834s: selected -> transmitted, with one
    audit row each. Call inside the export's transaction (bulk: the export sends 100,000s).

    The rows are locked before they are read (FOR UPDATE of the policies alone): a plan
    change that is cancelling one of them in its own transaction is waited for, and the
    policy it cancelled is read again after the lock and left as it is, not put back in
    force beside the new one (issue 17; ADR 0815)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("mark_transmitted runs inside the export's transaction")
    target = states.next_state(states.SELECTED, "transmit")
    changed = 0
    for start in range(0, len(enrollment_ids), 900):
        chunk = enrollment_ids[start : start + 900]
        ids = list(
            Enrollment.objects.select_for_update(of=("self",))
            .filter(pk__in=chunk, status=states.SELECTED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        changed += Enrollment.objects.filter(pk__in=ids).update(
            status=target, updated_at=clock.now()
        )
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor_label="edi-export",
                action="enrollment.transmitted",
                object_type="Enrollment",
                object_id=str(pk),
                detail={"file": file_name},
            )
            for pk in ids
        )
    return changed


@atomic_action
def effectuate(
    enrollment: Enrollment,
    *,
    paid_through: date | None,
    issuer_policy_id: str = "",
    issuer_subscriber_id: str = "",
    issuer_member_ids: dict | None = None,
    file_name: str = "",
) -> Enrollment:
    """The issuer confirmed the binder payment (inbound 021/28 CONFIRM, CG §6.9)."""
    locked = _lock(enrollment)
    locked.status = states.next_state(locked.status, "effectuate")
    if paid_through is not None:
        locked.paid_through = max(paid_through, locked.paid_through or paid_through)
    locked.issuer_policy_id = issuer_policy_id or locked.issuer_policy_id
    locked.issuer_subscriber_id = issuer_subscriber_id or locked.issuer_subscriber_id
    locked.save()
    for member_id, issuer_id in (issuer_member_ids or {}).items():
        if issuer_id:
            locked.members.filter(member_id=member_id).update(issuer_member_id=issuer_id)
    audit.record(
        "enrollment.effectuated",
        actor_label="edi-import",
        obj=locked,
        file=file_name,
        paid_through=paid_through.isoformat() if paid_through else None,
    )
    return locked


@atomic_action
def issuer_end(
    enrollment: Enrollment, *, end: date, reason: str, amrc: str = "", file_name: str = ""
) -> Enrollment:
    """The issuer cancelled or terminated the policy (inbound 024; e.g. 59 non-payment).
    An inbound termination may only move the end date earlier (docs/puf-and-834.md B.6 step 4)."""
    locked = _lock(enrollment)
    cancel = end <= locked.coverage_start
    locked.status = states.next_state(
        locked.status, "issuer_cancel" if cancel else "issuer_terminate"
    )
    locked.coverage_end = locked.coverage_start if cancel else end
    locked.end_reason = f"issuer:{reason or 'other'}"
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    audit.record(
        "enrollment.issuer_ended",
        actor_label="edi-import",
        obj=locked,
        file=file_name,
        reason=reason,
        amrc=amrc,
        coverage_end=locked.coverage_end.isoformat(),
    )
    return locked


STATUS_LABELS = dict(Status.choices)
