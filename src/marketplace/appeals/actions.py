"""Every step of an appeal: one function each, one transaction, one audit row, the notice
queued in the same transaction (45 CFR 155.505-155.555).

- `request_appeal`: a request on line, on paper or by phone (155.520(a)) within 90 days of
  the notice of the determination appealed (155.520(b)(1), on the exchange's one clock); the
  acknowledgement notice (155.520(d)(1)); when asked, eligibility is kept at its level before
  the redetermination appealed while the appeal is decided (155.525), through a new
  determination and the enrollment changes that follow.
- `schedule_hearing`: the hearing, with its notice at least 15 days before (155.535(a)).
- `decide`: the written decision (155.545(a)), with what it finds instead of the appealed
  facts, and its notice (155.545(b)).
- `implement`: the decision carried out (155.545(c)): a new determination from the appealed
  facts with the decision's findings and the IRS asked again about a failure to file and
  reconcile, the income of a credit it restores checked against tax data (ADR 0111), the
  enrollment changes and 834s that follow (`enrollment.redetermination.apply`), and the
  notice.
- `dismiss`: the appellant withdraws (155.530(a)(1)), with the notice (155.530(b)).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError

from marketplace.appeals import notice, states
from marketplace.appeals.models import Appeal, Channel, Outcome
from marketplace.applications import rules_input
from marketplace.applications.models import Application
from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.core.transactions import atomic_action
from marketplace.determinations.models import Cause, Determination
from marketplace.enrollment import dates
from marketplace.notices.models import Notice
from marketplace.verifications.actions import verify_restored_credit

#: 45 CFR 155.520(b)(1): within 90 days of the date of the notice of eligibility determination.
APPEAL_DAYS = 90
#: 45 CFR 155.535(a): the hearing is noticed at least 15 days before its date.
HEARING_NOTICE_DAYS = 15
#: The facts a decision may find instead of the appealed ones (the rules input's names).
CORRECTABLE = ("income",)


class AppealError(Exception):
    """A step the rules refuse; `code` names it for the page, `field` the form field."""

    def __init__(self, code: str, field: str | None = None):
        self.code, self.field = code, field
        super().__init__(code)


def notice_date(determination: Determination) -> date:
    """The date of the notice of `determination` (its eligibility or eligibility-change
    notice); the determination's own date when no notice names it."""
    found = (
        Notice.objects.filter(related_type="Determination", related_id=str(determination.pk))
        .order_by("created_at", "id")
        .first()
    )
    if found is not None and found.context.get("date"):
        return date.fromisoformat(found.context["date"])
    return clock.local_date(determination.created_at)


def deadline(determination: Determination) -> date:
    """The last day to ask for an appeal of `determination` (155.520(b)(1))."""
    return notice_date(determination) + timedelta(days=APPEAL_DAYS)


def appealable(user) -> list[Determination]:
    """The person's determinations whose 90 days have not run out, newest first."""
    today = clock.today()
    found = Determination.objects.filter(application__owner=user).order_by("-created_at", "-id")
    return [d for d in found[:20] if deadline(d) >= today]


def _previous(determination: Determination) -> Determination | None:
    return (
        Determination.objects.filter(
            application_id=determination.application_id, created_at__lt=determination.created_at
        )
        .exclude(cause=Cause.PENDING_APPEAL)
        .order_by("-created_at", "-id")
        .first()
    )


def request_appeal(
    *,
    appellant,
    determination: Determination,
    reason: str,
    keep_eligibility: bool,
    token: str | uuid.UUID,
    channel: str = Channel.ONLINE,
    entered_by=None,
    received_on: date | None = None,
    actor=None,
    ip_address: str | None = None,
    expedited: bool = False,
) -> Appeal:
    """Record the appeal of `determination` by `appellant`, with whether they ask for it to
    be expedited (155.540(a)). The same `token` (the request form's) always returns the
    same appeal: a double submit makes one."""
    token = uuid.UUID(str(token))
    found = Appeal.objects.filter(request_token=token).first()
    if found is not None:
        return found
    channel = Channel(channel)
    today = clock.today()
    received_on = received_on or today
    if received_on > today:
        raise AppealError("received_in_future", "received_on")
    if determination.application.owner_id != appellant.pk:
        raise AppealError("not_owner")
    if received_on > deadline(determination):
        raise AppealError("too_late", "determination")
    if not (reason or "").strip():
        raise AppealError("no_reason", "reason")
    try:
        return _request(
            appellant,
            determination,
            reason.strip(),
            keep_eligibility,
            token,
            channel,
            entered_by,
            received_on,
            actor or appellant,
            ip_address,
            expedited,
        )
    except IntegrityError:
        found = Appeal.objects.filter(request_token=token).first()
        if found is None:
            raise
        return found


@atomic_action
def _request(
    appellant,
    determination,
    reason,
    keep,
    token,
    channel,
    entered_by,
    received_on,
    actor,
    ip_address,
    expedited=False,
) -> Appeal:
    application = Application.objects.select_for_update().get(pk=determination.application_id)
    appeal = Appeal(
        appellant=appellant,
        application=application,
        determination=determination,
        notice_date=notice_date(determination),
        received_on=received_on,
        channel=channel,
        entered_by=entered_by if channel != Channel.ONLINE else None,
        keep_eligibility=bool(keep),
        expedited_requested=bool(expedited),
        request_token=token,
    )
    appeal.reason = reason
    appeal.save()
    audit.record(
        "appeal.requested",
        actor=actor,
        obj=appeal,
        ip_address=ip_address,
        channel_received=channel,
        keep_eligibility=bool(keep),
        expedited=bool(expedited),
        determination=str(determination.public_id),
    )
    changes: list[dict] = []
    if keep:
        changes = _keep_eligibility(appeal, actor)
    notice.issue(appeal, "received", actor=actor, changes=changes)
    return appeal


def _keep_eligibility(appeal: Appeal, actor) -> list[dict]:
    """155.525(a): eligibility continues at its level immediately before the redetermination
    appealed. The earlier determination's facts are determined again (a new stored
    determination, cause `pending_appeal`) and applied to the household's policies. An
    initial determination has no earlier level: nothing changes, and the page says so."""
    from marketplace.applications import determine as determining
    from marketplace.applications import ftr_notice

    before = _previous(appeal.determination)
    latest = appeal.application.determinations.first()
    if before is None or latest is None or latest.pk != appeal.determination_id:
        appeal.followups = _note(
            appeal,
            "Eligibility pending appeal: no earlier determination to keep, or a newer one "
            "exists; nothing was changed.",
        )
        appeal.save(update_fields=["followups", "updated_at"])
        return []
    kept = determining.determine_and_store(
        appeal.application, dict(before.input_snapshot), cause=Cause.PENDING_APPEAL
    )
    ftr_notice.issue_for(appeal.application, kept, actor=actor)  # docs/adr/0109
    appeal.pending_determination = kept
    appeal.save(update_fields=["pending_determination", "updated_at"])
    audit.record(
        "application.redetermined",
        actor=actor,
        obj=appeal.application,
        cause=Cause.PENDING_APPEAL,
        determination=str(kept.public_id),
        based_on=str(before.public_id),
        appeal=str(appeal.public_id),
    )
    return _apply(appeal, kept, actor)


def _apply(appeal: Appeal, determination: Determination, actor) -> list[dict]:
    """Apply `determination` to the household's policies in force, through the enrollment's
    own actions (each change with its 834 in the outbox); what cannot be sent by itself goes
    to the appeal's follow-ups for casework."""
    from marketplace.enrollment import redetermination
    from marketplace.enrollment.actions import EnrollmentError

    year = int(determination.result.get("year") or appeal.application.coverage_year)
    changes, followups = [], []
    for enrollment in redetermination.active_enrollments(appeal.application, year):
        took_all = enrollment.elected_aptc >= enrollment.max_aptc
        try:
            applied = redetermination.apply(
                enrollment, determination, notice_date=clock.today(), actor=actor
            )
            changes += applied.changes
            followups += applied.followups
            if took_all:
                changes += _all_of_a_larger_credit(appeal, enrollment, determination, actor)
        except EnrollmentError as exc:
            followups.append(f"Policy {enrollment.policy_id}: not changed ({exc.code}).")
    if followups:
        appeal.followups = _note(appeal, *followups)
        appeal.save(update_fields=["followups", "updated_at"])
    return changes


def _all_of_a_larger_credit(appeal, enrollment, determination, actor) -> list[dict]:
    """An enrollee who applied all of their premium tax credit gets all of a larger one the
    appeal finds (the decision is carried out in full, 155.545(c)); the enrollment's own
    `change_aptc` caps it at the plan's EHB premium and sends the 001."""
    from marketplace.enrollment import actions as enrollment_actions
    from marketplace.enrollment import redetermination

    changes = []
    for current in redetermination.active_enrollments(appeal.application, enrollment.coverage_year):
        if current.policy_id != enrollment.policy_id and current.replaces_id != enrollment.pk:
            continue
        if current.elected_aptc >= current.max_aptc:
            continue
        before = current.elected_aptc
        after = enrollment_actions.change_aptc(
            current,
            current.max_aptc,
            on=clock.today(),
            max_aptc=current.max_aptc,
            determination=determination,
            actor=actor,
        )
        if after.elected_aptc != before:
            changes.append(
                {
                    "kind": "aptc",
                    "policy_id": current.policy_id,
                    "old": str(before),
                    "new": str(after.elected_aptc),
                    "effective": dates.redetermination_effective(clock.today()).isoformat(),
                }
            )
    return changes


def _note(appeal: Appeal, *lines: str) -> str:
    return "\n".join(filter(None, [appeal.followups, *lines]))


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().get(pk=appeal.pk)


@atomic_action
def schedule_hearing(
    appeal: Appeal, *, at: datetime, mode: str, actor, ip_address: str | None = None
) -> Appeal:
    """Set (or move) the hearing: at least 15 days after today (155.535(a))."""
    if clock.local_date(at) < clock.today() + timedelta(days=HEARING_NOTICE_DAYS):
        raise AppealError("hearing_too_soon", "hearing_at")
    locked = _locked(appeal)
    locked.status = states.next_state(locked.status, "schedule")
    locked.hearing_at, locked.hearing_mode = at, mode
    locked.save()
    audit.record(
        "appeal.hearing_scheduled",
        actor=actor,
        obj=locked,
        ip_address=ip_address,
        hearing_at=at.isoformat(),
        mode=mode,
    )
    notice.issue(locked, "hearing", actor=actor)
    return locked


@atomic_action
def decide(
    appeal: Appeal,
    *,
    outcome: str,
    text: str,
    corrections: dict | None = None,
    actor,
    ip_address: str | None = None,
) -> Appeal:
    """Record the written decision (155.545(a)): the determination stands, or it changes
    with the facts the decision finds (`corrections`, e.g. {"income": "31000"})."""
    outcome = Outcome(outcome)
    found = _corrections(corrections or {}) if outcome == Outcome.CHANGED else {}
    if outcome == Outcome.CHANGED and not found:
        raise AppealError("no_corrections", "income")
    if not (text or "").strip():
        raise AppealError("no_decision_text", "decision_text")
    locked = _locked(appeal)
    if locked.status == states.DECIDED and locked.outcome == outcome:
        return locked  # the same decision recorded twice
    locked.status = states.next_state(locked.status, "decide")
    locked.outcome, locked.decision_text, locked.corrections = outcome, text.strip(), found
    locked.decided_on, locked.decided_by = clock.today(), actor
    locked.save()
    audit.record(
        "appeal.decided",
        actor=actor,
        obj=locked,
        ip_address=ip_address,
        outcome=outcome,
        corrected=sorted(found),
    )
    notice.issue(locked, "decision", actor=actor)
    return locked


def _corrections(raw: dict) -> dict:
    found = {}
    for name in CORRECTABLE:
        value = raw.get(name)
        if value in (None, ""):
            continue
        try:
            amount = Decimal(str(value)).quantize(Decimal("1"))
        except InvalidOperation:
            raise AppealError("bad_amount", name) from None
        if amount < 0 or amount > Decimal("100000000"):
            raise AppealError("bad_amount", name)
        found[name] = str(amount)
    return found


def _corrected(data: dict, corrections: dict) -> dict:
    """The rules-input values the decision's findings replace: the projected annual income,
    and the current monthly income as its twelfth where the facts carry one."""
    out: dict = {}
    if "income" in corrections:
        annual = Decimal(corrections["income"])
        out["income"] = int(annual)
        if "monthly_income" in data:
            out["monthly_income"] = float((annual / 12).quantize(Decimal("0.01")))
    return out


def _decision_input(appeal: Appeal) -> dict:
    """The facts the decision is carried out on (155.545(c)): the appealed determination's
    with the decision's findings, the IRS asked again about a failure to file and reconcile
    (155.305(f)(4): a condition of each determination; `rules_input.ftr_asked_again`, as at
    a verification deadline, ADR 0110, 0111), and `redetermination` naming this one (cause,
    date, the determination appealed, the appeal; `ftr_tax_years` when the IRS's answer
    changed)."""
    data = dict(appeal.determination.input_snapshot)
    data.update(_corrected(data, appeal.corrections))
    data["redetermination"] = {
        "cause": Cause.APPEAL_DECISION.value,
        "date": clock.today().isoformat(),
        "based_on": str(appeal.determination.public_id),
        "appeal": str(appeal.public_id),
    }
    application = appeal.application
    rules_input.ftr_asked_again(application, rules_input.ordered_members(application), data)
    return data


@atomic_action
def implement(appeal: Appeal, *, actor, ip_address: str | None = None) -> Appeal:
    """Carry out the decision (155.545(c)). A changed determination: a new one (cause
    `appeal_decision`) from the appealed facts with the decision's findings and today's IRS
    answer on a failure to file and reconcile (`_decision_input`), applied to the
    household's policies with their 834s. A determination that stands after eligibility
    was kept pending the appeal: the appealed determination is determined again and applied,
    ending the pending eligibility. Idempotent: a carried-out appeal is returned as it is."""
    from marketplace.applications import determine as determining
    from marketplace.applications import ftr_notice

    locked = _locked(appeal)
    if locked.status == states.IMPLEMENTED:
        return locked
    locked.status = states.next_state(locked.status, "implement")
    changes: list[dict] = []
    new = None
    if locked.outcome == Outcome.CHANGED or locked.pending_determination_id:
        data = _decision_input(locked)
        new = determining.determine_and_store(locked.application, data, cause=Cause.APPEAL_DECISION)
        ftr_notice.issue_for(locked.application, new, actor=actor)  # docs/adr/0109
        if "income" not in locked.corrections:  # income the decision found is not asked again
            verify_restored_credit(locked.application, locked.determination, new, actor=actor)
        audit.record(
            "application.redetermined",
            actor=actor,
            obj=locked.application,
            cause=Cause.APPEAL_DECISION,
            determination=str(new.public_id),
            based_on=str(locked.determination.public_id),
            appeal=str(locked.public_id),
        )
        changes = _apply(locked, new, actor)
    locked.implemented_determination = new
    locked.implemented_on = clock.today()
    locked.save()
    audit.record(
        "appeal.implemented",
        actor=actor,
        obj=locked,
        ip_address=ip_address,
        determination=str(new.public_id) if new else None,
    )
    notice.issue(locked, "implemented", actor=actor, changes=changes)
    return locked


@atomic_action
def dismiss(appeal: Appeal, *, actor, ip_address: str | None = None) -> Appeal:
    """The appellant withdraws the appeal (155.530(a)(1)); the notice of dismissal
    (155.530(b)). Idempotent."""
    locked = _locked(appeal)
    if locked.status == states.DISMISSED:
        return locked
    locked.status = states.next_state(locked.status, "dismiss")
    locked.save()
    audit.record("appeal.dismissed", actor=actor, obj=locked, ip_address=ip_address)
    notice.issue(locked, "dismissed", actor=actor)
    return locked
