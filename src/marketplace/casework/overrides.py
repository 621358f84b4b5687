"""Overrides: a caseworker overrides a data source's result or a verification, with a reason
code; where money changes, a supervisor approves before it takes effect (ADR 1003).

- `request_override`: one action, one transaction, one audit row. A verification of a
  non-money fact (SSN, citizenship, immigration status, other coverage) takes effect at once:
  the item closes as verified through the verifications app's own `review` (45 CFR
  155.315(f)(1): the exchange resolves an inconsistency with the applicant's explanation or
  documents). An override that touches income waits for a supervisor: the yearly income
  decides the premium tax credit and the cost-sharing reductions (26 U.S.C. 36B(b)-(c), 45 CFR
  155.305(f)-(g), 155.320(c)(3)), so it is money.
- `approve`: a supervisor (`accounts.approve_overrides`), never the one who asked and never
  on their own household, makes it take effect: an income override is a NEW determination
  (cause `override`) from the latest facts with the income the caseworker found, applied to
  the policies in force through the enrollment's own actions (each change with its 834 in the
  outbox, `enrollment.redetermination.apply`), any income item still open closes as
  verified, and the eligibility notice goes out (155.310(g)). Doing it twice changes nothing.
- `reject`: a supervisor refuses it; nothing changes.

Nothing here edits a determination (they are immutable records): money changes only through
a new one.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from marketplace.audit import log as audit
from marketplace.casework.gate import Can
from marketplace.casework.models import Override, OverrideKind, OverrideReason, OverrideStatus
from marketplace.core import clock
from marketplace.core.transactions import atomic_action
from marketplace.verifications.models import ItemStatus, ItemType, VerificationItem

#: The most a household's yearly income may be set to (a typing error, not a fact).
MAX_INCOME = Decimal("100000000")
PENDING_ITEM = (ItemStatus.OPEN, ItemStatus.DOCUMENT_SUBMITTED)


class OverrideError(Exception):
    """An override the rules refuse; `code` names it for the page, `field` the form field."""

    def __init__(self, code: str, field: str | None = None):
        self.code, self.field = code, field
        super().__init__(code)


def touches_money(kind: str, item: VerificationItem | None) -> bool:
    """Income is money: an income correction, or taking an income attestation as verified
    instead of what the data source reported (155.320(c)(3)(vi))."""
    return kind == OverrideKind.INCOME or (item is not None and item.type == ItemType.INCOME)


@atomic_action
def request_override(
    *,
    application,
    by,
    kind: str,
    reason_code: str,
    note: str,
    item: VerificationItem | None = None,
    income=None,
    ip_address: str | None = None,
) -> Override:
    """A caseworker (`accounts.override_determinations`) overrides, with a reason code and a
    note. Takes effect at once unless it touches money (`touches_money`)."""
    note = (note or "").strip()
    _check_request(application, by, kind, reason_code, note)
    latest = application.determinations.first()
    if latest is None:
        raise OverrideError("no_determination", "target")
    amount = None
    if kind == OverrideKind.VERIFIED:
        _check_item(application, item)
    else:
        amount = _amount(income)
    override = Override(
        owner_id=application.owner_id,
        application=application,
        item=item,
        kind=kind,
        reason_code=reason_code,
        income=amount,
        needs_approval=touches_money(kind, item),
        status=OverrideStatus.PENDING,
        requested_by=by,
        requested_at=clock.now(),
        based_on=latest,
    )
    override.note = note
    override.save()
    audit.record(
        "casework.override_requested",
        actor=by,
        obj=override,
        ip_address=ip_address,
        kind=kind,
        reason=reason_code,
        item=str(item.public_id) if item else None,
        application=str(application.public_id),
        needs_approval=override.needs_approval,
    )
    if not override.needs_approval:
        _take_effect(override, actor=by)
    return override


def _check_request(application, by, kind: str, reason_code: str, note: str) -> None:
    """Only a caseworker who may override, never on their own case, with a known kind and
    reason code and a note (ADR 1003)."""
    if not by.has_perm(Can.OVERRIDE):
        raise OverrideError("not_allowed")
    if application.owner_id == by.pk:
        raise OverrideError("own_case")
    if kind not in OverrideKind.values:
        raise OverrideError("kind", "target")
    if reason_code not in OverrideReason.values:
        raise OverrideError("reason", "reason_code")
    if not note:
        raise OverrideError("note", "note")


def _check_item(application, item: VerificationItem | None) -> None:
    """A verification override names a pending item of this application."""
    if item is None or item.application_id != application.pk:
        raise OverrideError("item", "target")
    if item.status not in PENDING_ITEM:
        raise OverrideError("item_closed", "target")


@atomic_action
def approve(override: Override, *, by, ip_address: str | None = None) -> Override:
    """A supervisor approves: the override takes effect. Idempotent."""
    _may_decide(override, by)
    locked = Override.objects.select_for_update().get(pk=override.pk)
    if locked.status == OverrideStatus.APPLIED:
        return locked
    if locked.status != OverrideStatus.PENDING:
        raise OverrideError("decided")
    locked.decided_by, locked.decided_at = by, clock.now()
    audit.record(
        "casework.override_approved",
        actor=by,
        obj=locked,
        ip_address=ip_address,
        kind=locked.kind,
    )
    _take_effect(locked, actor=by)
    return locked


@atomic_action
def reject(override: Override, *, by, ip_address: str | None = None) -> Override:
    """A supervisor refuses: nothing changes. Idempotent."""
    _may_decide(override, by)
    locked = Override.objects.select_for_update().get(pk=override.pk)
    if locked.status == OverrideStatus.REJECTED:
        return locked
    if locked.status != OverrideStatus.PENDING:
        raise OverrideError("decided")
    locked.status = OverrideStatus.REJECTED
    locked.decided_by, locked.decided_at = by, clock.now()
    locked.save()
    audit.record(
        "casework.override_rejected",
        actor=by,
        obj=locked,
        ip_address=ip_address,
        kind=locked.kind,
    )
    return locked


def _may_decide(override: Override, by) -> None:
    if not by.has_perm(Can.APPROVE_OVERRIDES):
        raise OverrideError("not_allowed")
    if override.requested_by_id == by.pk:
        raise OverrideError("own_override")  # four eyes: nobody approves their own
    if override.owner_id == by.pk:
        raise OverrideError("own_case")


def _amount(raw) -> Decimal:
    try:
        amount = Decimal(str(raw).replace(",", "").replace("$", "").strip())
    except (InvalidOperation, ValueError):
        raise OverrideError("income", "income") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_INCOME:
        raise OverrideError("income", "income")
    return amount.quantize(Decimal("0.01"))


def _take_effect(override: Override, *, actor) -> None:
    """Inside the caller's transaction: make the override count."""
    from marketplace.verifications import actions as verifications

    reason = f"Override: {override.get_reason_code_display()}"
    if override.kind == OverrideKind.INCOME:
        _redetermine(override, actor)
        closing = VerificationItem.objects.filter(
            application=override.application, type=ItemType.INCOME, status__in=PENDING_ITEM
        )
    else:
        closing = VerificationItem.objects.filter(pk=override.item_id, status__in=PENDING_ITEM)
    for item in closing:
        verifications.review(item, reviewer=actor, verified=True, reason=reason)
    override.status = OverrideStatus.APPLIED
    override.applied_at = clock.now()
    override.save()
    audit.record(
        "casework.override_applied",
        actor=actor,
        obj=override,
        kind=override.kind,
        determination=str(override.determination.public_id) if override.determination else None,
    )


def _redetermine(override: Override, actor) -> None:
    """A new determination from the latest facts with the income found, applied to the
    household's policies in force, and the eligibility notice."""
    from marketplace.applications import determine as determining
    from marketplace.applications import effects
    from marketplace.determinations.models import Cause
    from marketplace.enrollment import redetermination
    from marketplace.enrollment.actions import EnrollmentError

    application = override.application
    latest = application.determinations.first()
    data = dict(latest.input_snapshot)
    data["income"] = int(override.income.quantize(Decimal("1")))
    if "monthly_income" in data:
        data["monthly_income"] = float((override.income / 12).quantize(Decimal("0.01")))
    new = determining.determine_and_store(application, data, cause=Cause.OVERRIDE)
    audit.record(
        "application.redetermined",
        actor=actor,
        obj=application,
        cause=Cause.OVERRIDE,
        determination=str(new.public_id),
        based_on=str(latest.public_id),
        override=str(override.public_id),
    )
    followups = []
    year = int(new.result.get("year") or application.coverage_year)
    for enrollment in redetermination.active_enrollments(application, year):
        try:
            applied = redetermination.apply(enrollment, new, notice_date=clock.today(), actor=actor)
        except EnrollmentError as exc:
            followups.append(f"Policy {enrollment.policy_id}: not changed ({exc.code}).")
            continue
        followups += applied.followups
    override.based_on, override.determination = latest, new
    override.followups = "\n".join(followups)
    effects.issue_eligibility_notice(application, new, actor=actor)
