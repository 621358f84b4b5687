"""The special enrollment periods a household has: opened by reported changes, granted by
caseworkers, and answered to checkout through the enrollment app's hook
(enrollment/special_periods.py)."""

from __future__ import annotations

from datetime import date

from aca_rules import sep
from marketplace.changes.kinds import MEDICAID_DENIED
from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.enrollment import special_periods
from marketplace.verifications import actions as verifications


def open_for(
    application, period: sep.Period, *, change=None, granted_by=None, reason="", members=()
):
    """Record `period` for the household (idempotent: one per event and date), for the
    `members` named (public ids; none: the whole household, 45 CFR 155.420(a)(5)). Call with
    the application locked (its writers take that lock), so no savepoint is needed."""
    key = {"application": application, "event": period.event.code, "event_date": period.event_date}
    found = SpecialEnrollmentPeriod.objects.filter(**key).first()
    if found is None:
        found = SpecialEnrollmentPeriod.objects.create(
            **key,
            opens=period.opens,
            closes=period.closes,
            change=change,
            granted_by=granted_by,
            reason=reason,
            members=[str(m) for m in members],
            **_late_notice(period),
        )
    return found


def open_for_person(application, period: sep.Period, member: str, *, change=None):
    """`open_for` a period for one person (public id): when the household already has the
    period for the same event and date for someone else (two people found not eligible on
    the same day), that person is added to it rather than left without one."""
    row = open_for(application, period, change=change, members=[member])
    if row.members and member not in row.members:
        row.members = [*row.members, member]
        row.save(update_fields=["members"])
    return row


#: Why a period counts from the day the person learned of the event (stored on the period,
#: shown to the caseworker), in English as the record is.
LATE_NOTICE_REASON = (
    "45 CFR 155.420(c)(5): the person did not receive timely notice of the event and was "
    "otherwise reasonably unaware of it; learned of it on {day}; 60 days from that date."
)


def _late_notice(period: sep.Period) -> dict:
    """The date and the reason a period records when its window counts from the day the
    person learned of the event (155.420(c)(5)); nothing when it does not."""
    if not period.counted_from_learning:
        return {}
    day = period.learned_on.isoformat()
    return {
        "learned_on": period.learned_on,
        "late_notice_reason": LATE_NOTICE_REASON.format(day=day),
    }


def as_period(row: SpecialEnrollmentPeriod) -> sep.Period:
    return sep.period(row.event, row.event_date, row.learned_on)


def current(application, on: date) -> list[SpecialEnrollmentPeriod]:
    """The household's periods open on `on` and not yet used for a selection."""
    rows = SpecialEnrollmentPeriod.objects.filter(
        application=application, opens__lte=on, closes__gte=on, used_by__isnull=True
    ).order_by("closes", "id")
    return list(rows)


def find(application, year: int, on: date) -> special_periods.Special | None:
    """The open period through which a selection on `on` would start coverage in `year`
    (45 CFR 155.420(b)). A period that keeps the premium tax credit comes before an
    income-based one (Public Law 119-21 section 71304 bars the credit only for coverage
    enrolled through the latter), then the one that closes first."""
    found = []
    for row in current(application, on):
        period = as_period(row)
        if not period.available:  # the law took the period away for its date (paused)
            continue
        start = period.coverage_start(on)
        if start.year == year:
            found.append((not period.ptc_allowed(year), row, period, start))
    if not found:
        return None
    no_ptc, row, period, start = min(found, key=lambda f: f[0])  # stable: closes, id
    csr, aptc = csr_change(row), aptc_change(row)
    return special_periods.Special(
        start=start,
        event=row.event,
        label=period.event.label,
        no_aptc=no_ptc,
        verify=period.event.verify_before_coverage and not _from_the_agency(row),
        period_id=row.pk,
        members=_members_of(row),
        dependent_joins=period.event.category == "add_to_plan",
        metal_rule=lambda old, new: period.allows(
            enrolled_metal=old, new_metal=new, csr_change=csr, aptc_change=aptc
        ),
    )


def _from_the_agency(row: SpecialEnrollmentPeriod) -> bool:
    """A period the Medicaid/CHIP agency's own finding opened (its account transfer back,
    docs/adr/0713): the document 155.420(d)(11) would ask the person for is that finding,
    which the exchange already holds, so nothing is asked before coverage starts."""
    return row.change_id is not None and row.change.kind == MEDICAID_DENIED


def _members_of(row: SpecialEnrollmentPeriod) -> frozenset[int] | None:
    """The application members (primary keys) the period is for; None: the household."""
    if not row.members:
        return None
    found = row.application.members.filter(public_id__in=row.members)
    return frozenset(found.values_list("pk", flat=True))


def csr_change(row: SpecialEnrollmentPeriod) -> str | None:
    """ "gained" or "lost" when the change that opened the period made the household newly
    eligible or newly ineligible for cost-sharing reductions (155.420(a)(4)(ii)), from
    the two stored determinations; None otherwise."""
    change = row.change
    if change is None or change.before is None or change.after is None:
        return None
    old, new = change.before.result.get("csr"), change.after.result.get("csr")
    if not old and new:
        return "gained"
    if old and not new:
        return "lost"
    return None


def aptc_change(row: SpecialEnrollmentPeriod) -> str | None:
    """ "lost" when the change that opened the period made the household newly ineligible
    for advance payments of the premium tax credit (a maximum of zero counts as ineligible,
    155.420(f)), "gained" when newly eligible, from the two stored determinations; None
    otherwise (155.420(a)(4)(ii)(C))."""
    change = row.change
    if change is None or change.before is None or change.after is None:
        return None
    old = float(change.before.result.get("aptc") or 0) > 0
    new = float(change.after.result.get("aptc") or 0) > 0
    if old and not new:
        return "lost"
    if new and not old:
        return "gained"
    return None


def used(special: special_periods.Special, enrollment) -> None:
    """Checkout chose a plan through the period: it is used; a new enrollment held for the
    period's documents (45 CFR 155.420(g)) gets the item that asks for them."""
    SpecialEnrollmentPeriod.objects.filter(pk=special.period_id, used_by__isnull=True).update(
        used_by=enrollment
    )
    if enrollment.pended:
        verifications.open_for_special_period(enrollment, event=special.event)


def register() -> None:
    special_periods.register(find, used)
