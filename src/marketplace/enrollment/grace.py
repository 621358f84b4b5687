"""Non-payment of premium: the grace period, its notices, termination and reinstatement.

The issuer tells the exchange (edi/payment_status.py) and these actions decide; each runs in
one transaction with an audit row, its notice and any 834 queued in it (docs/architecture.md).

- `report_delinquent`: the premium for the month after `paid_through` was not paid by its
  due date. An enrollee receiving APTC who has paid at least one full month in the benefit
  year gets three consecutive months of grace (45 CFR 156.270(d)); anyone else the state's
  period (155.430(b)(2)(ii)(B), (d)(5)), both from dated data (grace_rules.py). The first
  grace notice goes out (EN/ES, grace_notice.py) and the daily job is scheduled.
- `report_paid`: the issuer says premiums are paid through `paid_through`. When every month
  of grace begun so far is paid the grace period ends (`paid`). After a termination for
  non-payment, the whole period paid reinstates the policy (an 834 025, `reinstate`).
- `advance` (the daily job `enrollment.grace_daily`, on the one clock): a notice at the
  start of each further month of grace; once the period has run out unpaid, the exchange
  terminates the policy on the rule's date (APTC: the last day of the first month of
  grace, 156.270(g) and 155.430(d)(4)) with an 834 024, INS04 59, AMRC TERM.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.edi import build, outbox
from marketplace.enrollment import grace_notice, grace_rules, states
from marketplace.enrollment.actions import _lock, _members, in_force
from marketplace.enrollment.dates import end_of_month, first_of_next_month
from marketplace.enrollment.models import Enrollment, GracePeriod, GraceStatus
from marketplace.jobs import worklist
from marketplace.jobs.models import Source
from marketplace.jobs.queue import enqueue

DAILY_JOB = "enrollment.grace_daily"
END_REASON = "non_payment"


class GraceError(Exception):
    """A report the policy's state does not allow; `code` names it."""

    def __init__(self, code: str, message: str = ""):
        self.code = code
        super().__init__(message or code)


def first_unpaid_month(paid_through: date) -> date:
    """The first day of the first month not paid: premiums are monthly."""
    day = paid_through + timedelta(days=1)
    return day if day.day == 1 else first_of_next_month(day)


def receives_aptc(enrollment: Enrollment, paid_through: date) -> bool:
    """45 CFR 156.270(d): the enrollee receives APTC and "has previously paid at least one
    full month's premium during the benefit year"."""
    return enrollment.elected_aptc > 0 and paid_through >= end_of_month(enrollment.coverage_start)


def open_grace(enrollment: Enrollment) -> GracePeriod | None:
    return enrollment.grace_periods.filter(status=GraceStatus.OPEN).first()


def schedule_daily(day: date) -> None:
    """Queue the daily run for `day` (one per day, however many ask), in the caller's
    transaction; it runs once the exchange's clock reaches that day."""
    key = f"{DAILY_JOB}:{day.isoformat()}"
    enqueue(DAILY_JOB, {"day": day.isoformat()}, dedupe_key=key, run_after=clock.at(day))


@transaction.atomic
def report_delinquent(
    enrollment: Enrollment, *, paid_through: date, source: str = ""
) -> GracePeriod:
    """The issuer reports the month after `paid_through` unpaid: open the grace period (or
    return the one already open: a report read twice changes nothing)."""
    locked = _lock(enrollment)
    current = open_grace(locked)
    if current is not None:
        return current
    if not in_force(locked) or locked.status != states.EFFECTUATED:
        raise GraceError("not_in_force", f"a policy that is {locked.status}")
    first = first_unpaid_month(paid_through)
    if first < locked.coverage_start or first.year != locked.coverage_year:
        raise GraceError("outside_coverage", f"first unpaid month {first} is not covered")
    rule = grace_rules.rule_for(
        locked.state, locked.coverage_year, aptc=receives_aptc(locked, paid_through)
    )
    grace = GracePeriod.objects.create(
        enrollment=locked,
        kind=rule.kind,
        first_unpaid=first,
        grace_end=grace_rules.grace_end(rule, first),
        coverage_end=max(grace_rules.coverage_end(rule, first), locked.coverage_start),
        rule=rule.as_dict(),
        source=source,
        opened_at=clock.now(),
        months_noticed=[1],
    )
    locked.paid_through = paid_through
    locked.save(update_fields=["paid_through", "updated_at"])
    audit.record(
        "enrollment.grace_started",
        actor_label="edi-import",
        obj=locked,
        file=source,
        kind=rule.kind,
        first_unpaid=first.isoformat(),
        grace_end=grace.grace_end.isoformat(),
        coverage_end_if_unpaid=grace.coverage_end.isoformat(),
        citation=rule.citation,
    )
    grace_notice.issue(locked, grace, grace_notice.STARTED, month=1)
    schedule_daily(clock.today() + timedelta(days=1))
    return grace


def _owed_through(grace: GracePeriod, today: date) -> date:
    """Every month of grace begun by `today` must be paid to end it."""
    return end_of_month(min(max(today, grace.first_unpaid), grace.grace_end))


@transaction.atomic
def report_paid(enrollment: Enrollment, *, paid_through: date, source: str = "") -> str:
    """The issuer reports premiums paid through `paid_through`. Returns what followed:
    "paid" (the grace period ended), "reinstated", "partial" (still owed) or "recorded"."""
    locked = _lock(enrollment)
    today = clock.today()
    grace = open_grace(locked)
    if locked.paid_through is None or paid_through > locked.paid_through:
        locked.paid_through = paid_through
        locked.save(update_fields=["paid_through", "updated_at"])
    if grace is not None:
        if paid_through < _owed_through(grace, today):
            return "partial"
        _close(grace, GraceStatus.PAID, paid_through)
        audit.record(
            "enrollment.grace_paid",
            actor_label="edi-import",
            obj=locked,
            file=source,
            paid_through=paid_through.isoformat(),
        )
        grace_notice.issue(locked, grace, grace_notice.PAID)
        return "paid"
    ended = _terminated_grace(locked)
    if ended is not None and paid_through >= ended.grace_end:
        if _has_successor(locked):
            raise GraceError("enrolled_again", "the household has another policy for the year")
        _reinstate(locked, ended, paid_through, source)
        return "reinstated"
    return "recorded"


def _has_successor(enrollment: Enrollment) -> bool:
    """Another active policy of the same application, year and group: reinstating would
    make two (enrollment_one_active_per_group); a caseworker decides."""
    return (
        Enrollment.objects.filter(
            application_id=enrollment.application_id,
            coverage_year=enrollment.coverage_year,
            group=enrollment.group,
            status__in=states.ACTIVE,
        )
        .exclude(pk=enrollment.pk)
        .exists()
    )


def _terminated_grace(enrollment: Enrollment) -> GracePeriod | None:
    if enrollment.status != states.TERMINATED or enrollment.end_reason != END_REASON:
        return None
    return enrollment.grace_periods.filter(status=GraceStatus.TERMINATED).first()


def _close(grace: GracePeriod, status: str, paid_through: date | None = None) -> None:
    grace.status = status
    grace.closed_at = clock.now()
    grace.paid_through = paid_through or grace.paid_through
    grace.save(update_fields=["status", "closed_at", "paid_through"])


def _reinstate(locked: Enrollment, grace: GracePeriod, paid_through: date, source: str) -> None:
    """Every premium of the grace period paid after the exchange ended the policy: coverage
    continues from where it stopped, sent as a 025 (docs/puf-and-834.md B.3)."""
    ended_on = locked.coverage_end
    locked.status = states.next_state(locked.status, "reinstate")
    locked.coverage_end = None
    locked.end_reason = ""
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    _close(grace, GraceStatus.REINSTATED, paid_through)
    audit.record(
        "enrollment.reinstated",
        actor_label="edi-import",
        obj=locked,
        file=source,
        paid_through=paid_through.isoformat(),
        ended_on=ended_on.isoformat() if ended_on else None,
    )
    outbox.queue(locked, build.reinstatement(locked, _members(locked), clock.now()))
    grace_notice.issue(locked, grace, grace_notice.REINSTATED)


@transaction.atomic
def terminate_for_nonpayment(grace: GracePeriod) -> Enrollment:
    """The grace period ran out unpaid (45 CFR 155.430(b)(2)(ii)): the policy ends on the
    rule's date (APTC: the last day of the first month of grace, 156.270(g),
    155.430(d)(4)); the 834 is a 024 with INS04 59 (non-payment of premium) and AMRC TERM."""
    locked = _lock(grace.enrollment)
    grace = GracePeriod.objects.select_for_update().get(pk=grace.pk)
    if not grace.is_open:
        return locked
    if locked.status != states.EFFECTUATED:  # ended meanwhile (by the person, the issuer)
        _close(grace, GraceStatus.TERMINATED)
        return locked
    end = grace.coverage_end
    if locked.coverage_end is not None:
        end = min(end, locked.coverage_end)
    locked.status = states.next_state(locked.status, "terminate")
    locked.coverage_end = end
    locked.end_reason = END_REASON
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    _close(grace, GraceStatus.TERMINATED)
    audit.record(
        "enrollment.terminated",
        actor_label="grace-period",
        obj=locked,
        coverage_end=end.isoformat(),
        reason=END_REASON,
        first_unpaid=grace.first_unpaid.isoformat(),
    )
    outbox.queue(
        locked, build.ending(locked, _members(locked), clock.now(), end, reason=END_REASON)
    )
    grace_notice.issue(locked, grace, grace_notice.TERMINATED)
    return locked


def month_of_grace(grace: GracePeriod, today: date) -> int:
    """1 in the first unpaid month, 2 in the next, ..."""
    return (today.year - grace.first_unpaid.year) * 12 + today.month - grace.first_unpaid.month + 1


@transaction.atomic
def _remind(grace: GracePeriod, month: int) -> bool:
    grace = GracePeriod.objects.select_for_update().get(pk=grace.pk)
    if not grace.is_open or month in grace.months_noticed:
        return False
    grace.months_noticed = sorted({*grace.months_noticed, month})
    grace.save(update_fields=["months_noticed"])
    grace_notice.issue(grace.enrollment, grace, grace_notice.REMINDER, month=month)
    return True


def advance(today: date | None = None) -> dict[str, int]:
    """Move every open grace period on to `today`: a notice at the start of each month of
    grace, termination once the period is over. One policy that fails goes on the
    exceptions list (jobs/worklist.py); the others go on."""
    today = today or clock.today()
    counts = {"open": 0, "reminded": 0, "terminated": 0, "failed": 0}
    for grace in GracePeriod.objects.filter(status=GraceStatus.OPEN).select_related("enrollment"):
        try:
            with transaction.atomic():
                if today > grace.grace_end:
                    terminate_for_nonpayment(grace)
                    counts["terminated"] += 1
                    continue
                counts["open"] += 1
                month = month_of_grace(grace, today)
                if 1 <= month <= int(grace.rule.get("months", 1)) and _remind(grace, month):
                    counts["reminded"] += 1
        except Exception as exc:  # one policy: listed for a person, the rest go on
            counts["failed"] += 1
            worklist.report(
                Source.JOB,
                "grace_period",
                f"The grace period {grace.public_id} could not be moved on "
                f"({type(exc).__name__}). Check the policy and try again.",
                obj=grace,
                retry_kind=DAILY_JOB,
                retry_payload={"day": today.isoformat()},
            )
    return counts
