"""Every enrollment change: one function per operation, one transaction, one audit row, and
the 834 queued in the same transaction (design.md section 1; formats.md B.6).

- `checkout`: plan selection from a determination (45 CFR 155.400, 155.410), the initial
  834 (021/EC) and the enrollment confirmation notice.
- `change_aptc`: a new APTC election (45 CFR 155.310(d)(2)), an 001 FINANCIAL CHANGE.
- `end_coverage`: the person cancels (before coverage or never effectuated) or terminates
  (45 CFR 155.430(b)(1), (d)(2)), a 024.
- `end_for_ineligibility`: the exchange ends a policy whose members are no longer eligible
  (45 CFR 155.430(b)(2)(i), (d)(3)), a 024 with INS04 07; `redetermination.apply` decides
  when, after a verification deadline passes.
- `remove_member`: one member leaves a policy that continues for the others (45 CFR
  155.430(b), (d)): their 024 and the others' new premium and APTC as a 001; a subscriber
  who leaves ends the policy and a new one starts for the others with a new subscriber (a
  CIC pair, formats.md B.6 step 3).
- `change_csr_variant`: the same plan in another cost-sharing variant (45 CFR 156.420,
  155.330(f)), on the same policy: one 001 CSR VARIANT CHANGE (formats.md B.4).
- `mark_transmitted`, `effectuate`, `issuer_end`: what the EDI export and intake record.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.applications.models import Application
from marketplace.audit import log as audit
from marketplace.audit.models import AuditEvent
from marketplace.catalog.models import PlanVariant
from marketplace.determinations.models import Determination
from marketplace.edi import build, outbox, sequences
from marketplace.enrollment import dates, notice, states
from marketplace.enrollment.models import Enrollment, EnrollmentMember, Status
from marketplace.enrollment.selection import (
    X12_RELATIONSHIP,
    NotEnrollable,
    enrollment_group,
    policy_group,
    price,
)
from marketplace.shopping.quotes import AIAN_VARIANTS, SILVER_CSR_VARIANTS

#: What the person must attest at checkout (45 CFR 155.310(d)(2)(ii) for APTC: file taxes
#: and reconcile; 155.400: the selection is theirs; truthful information).
ATTESTATIONS = ("truthful", "reconcile", "terms")


class EnrollmentError(Exception):
    """A change the rules do not allow; `code` names it for the page."""

    def __init__(self, code: str, message: str = ""):
        self.code = code
        super().__init__(message or code)


def today() -> date:
    """The enrollment clock: `MARKETPLACE_ENROLLMENT_DATE` on demo and training deployments
    (settings.py refuses it in production), else today in the exchange's time zone."""
    fixed = getattr(settings, "MARKETPLACE_ENROLLMENT_DATE", None)
    return fixed or timezone.localdate()


def _actor_label(actor) -> str:
    return "" if getattr(actor, "is_authenticated", False) else "system"


def _lock(enrollment: Enrollment) -> Enrollment:
    return Enrollment.objects.select_for_update().select_related("issuer").get(pk=enrollment.pk)


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
) -> Enrollment:
    """Enroll the determination's group in `plan_id`. The same `token` (the checkout form's)
    always returns the same enrollment: a double submit makes ONE enrollment."""
    token = uuid.UUID(str(token))
    found = Enrollment.objects.filter(checkout_token=token).first()
    if found is not None:
        return found
    # Exchange ids come from their own short transaction, so concurrent checkouts do not
    # queue behind one sequence row; a failed checkout leaves a harmless gap.
    ids = sequences.exchange_ids(2 + len(enrollment_group(determination).members))
    try:
        return _checkout(user, determination, plan_id, elected_aptc, attestations, token,
                         language, on or today(), actor, ip_address, ids)  # fmt: skip
    except IntegrityError:
        found = Enrollment.objects.filter(checkout_token=token).first()
        if found is not None:
            return found
        raise EnrollmentError("already_enrolled") from None


@transaction.atomic
def _checkout(user, determination, plan_id, elected, attestations, token, language, on, actor,
              ip_address, ids) -> Enrollment:  # fmt: skip
    application = Application.objects.select_for_update().get(pk=determination.application_id)
    found = Enrollment.objects.filter(checkout_token=token).first()
    if found is not None:  # the other submit won the lock
        return found
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
    if Enrollment.objects.filter(
        application=application, coverage_year=group.year, group=group.key,
        status__in=states.ACTIVE,
    ).exists():  # fmt: skip
        raise EnrollmentError("already_enrolled")
    priced = price(group, plan_id, elected)
    try:
        start = dates.coverage_start(group.state, group.year, on)
    except dates.OutsideOpenEnrollment as exc:
        raise EnrollmentError("outside_open_enrollment", str(exc)) from exc
    quote = priced.quote
    variant = PlanVariant.objects.select_related("plan__issuer").get(
        plan__year=group.year, plan__standard_component_id=quote.plan_id,
        variant=priced.variant_code,
    )  # fmt: skip
    if len(ids) != 2 + len(group.members):
        raise EnrollmentError("stale_determination")
    enrollment = Enrollment.objects.create(
        owner=user, application=application, determination=determination, group=group.key,
        plan_variant=variant, issuer=variant.plan.issuer,
        plan_id=f"{quote.plan_id}{priced.variant_code}", plan_name=variant.plan.name,
        metal_level=variant.plan.metal_level, coverage_year=group.year, state=group.state,
        coverage_start=start, premium=quote.premium, ehb_premium=quote.ehb_premium,
        max_aptc=group.max_aptc, elected_aptc=priced.elected_aptc,
        premium_after_credit=priced.premium_after_credit, csr_level=group.csr or "",
        rating_area=priced.rating_area, subscriber_id=f"S{ids[0]:010d}",
        policy_id=f"P{ids[1]:010d}", street=application.street, city=application.city,
        zipcode=group.zipcode, countyfips=group.countyfips, phone=application.phone,
        email=application.contact_email or user.email, language=language,
        checkout_token=token, attestations={k: True for k in ATTESTATIONS},
    )  # fmt: skip
    for position, (member, premium) in enumerate(
        zip(group.members, priced.member_premiums, strict=True)
    ):
        person = member.person
        EnrollmentMember.objects.create(
            enrollment=enrollment, person=person, position=position,
            member_id=f"M{ids[2 + position]:010d}", is_subscriber=position == 0,
            relationship="18" if position == 0 else X12_RELATIONSHIP.get(person.relationship,
                                                                         "G8"),
            first_name=person.first_name, last_name=person.last_name,
            birth_date=person.date_of_birth, sex="F" if person.sex == "female" else "M",
            age=int(member.facts.get("age", 0)), tobacco=bool(member.facts.get("tobacco")),
            premium=premium,
        )  # fmt: skip
    audit.record(
        "enrollment.selected", actor=actor, actor_label=_actor_label(actor), obj=enrollment,
        ip_address=ip_address, policy_id=enrollment.policy_id, plan_id=enrollment.plan_id,
        elected_aptc=str(enrollment.elected_aptc), coverage_start=start.isoformat(),
        determination=str(determination.public_id),
    )  # fmt: skip
    outbox.queue(enrollment, build.addition(enrollment, _members(enrollment), timezone.now()))
    notice.issue(enrollment, actor=actor)
    return enrollment


@transaction.atomic
def change_aptc(enrollment: Enrollment, elected: Decimal, *, actor=None, ip_address=None,
                on: date | None = None, max_aptc: Decimal | None = None,
                determination: Determination | None = None) -> Enrollment:  # fmt: skip
    """A new APTC election from the first of next month (CG §6.11.1: APTC starts on the 1st),
    never above the maximum nor the plan's EHB premium (26 CFR 1.36B-3(j)).

    A redetermination (verifications/expiry.py) also gives the new household maximum
    `max_aptc` and the `determination` it comes from; the first of next month is then the
    45 CFR 155.330(f)(1)(i) effective date (the notice is dated `on`). A new maximum with
    the same election is recorded without an 834 (APTC AMT does not change)."""
    locked = _lock(enrollment)
    locked.status = states.next_state(locked.status, "change")
    old_max = locked.max_aptc
    new_max = old_max if max_aptc is None else Decimal(max_aptc).quantize(Decimal("0.01"))
    cap = min(new_max, locked.ehb_premium, locked.premium)
    amount = min(max(Decimal(elected).quantize(Decimal("0.01")), Decimal("0")), cap)
    redetermined = determination is not None and determination.pk != locked.determination_id
    if amount == locked.elected_aptc and new_max == old_max and not redetermined:
        return locked
    effective = max(dates.first_of_next_month(on or today()), locked.coverage_start)
    if effective.year != locked.coverage_year:
        raise EnrollmentError("plan_year_over")
    old = locked.elected_aptc
    locked.elected_aptc = amount
    locked.premium_after_credit = locked.premium - amount
    locked.max_aptc = new_max
    if determination is not None:
        locked.determination = determination
    locked.save(update_fields=["elected_aptc", "premium_after_credit", "max_aptc",
                               "determination", "status", "updated_at"])  # fmt: skip
    extra = {}
    if new_max != old_max or redetermined:
        extra = {"old_max": str(old_max), "new_max": str(new_max),
                 "determination": str(locked.determination.public_id)}  # fmt: skip
    audit.record(
        "enrollment.aptc_changed" if amount != old else "enrollment.max_aptc_changed",
        actor=actor, actor_label=_actor_label(actor), obj=locked, ip_address=ip_address,
        old=str(old), new=str(amount), effective=effective.isoformat(), **extra,
    )  # fmt: skip
    if amount != old:
        outbox.queue(locked, build.financial_change(locked, _members(locked), timezone.now(),
                                                    effective))  # fmt: skip
    return locked


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


@transaction.atomic
def end_coverage(enrollment: Enrollment, *, wanted: date | None = None, actor=None,
                 ip_address=None, on: date | None = None) -> Enrollment:  # fmt: skip
    """The person ends their coverage (45 CFR 155.430(b)(1)): cancel or terminate."""
    locked = _lock(enrollment)
    event, end = ending_for(locked, on or today(), wanted)
    locked.status = states.next_state(
        locked.status, _terminate_event(locked) if event == "terminate" else event
    )
    locked.coverage_end = end
    locked.end_reason = "voluntary"
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    audit.record(
        f"enrollment.{'cancelled' if event == 'cancel' else 'terminated'}", actor=actor,
        actor_label=_actor_label(actor), obj=locked, ip_address=ip_address,
        coverage_end=end.isoformat(),
    )  # fmt: skip
    outbox.queue(locked, build.ending(locked, _members(locked), timezone.now(), end))
    return locked


@transaction.atomic
def end_for_ineligibility(enrollment: Enrollment, *, notice_date: date, actor=None,
                          determination: Determination | None = None) -> Enrollment:  # fmt: skip
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
    locked.status = states.next_state(
        locked.status, _terminate_event(locked) if event == "terminate" else event
    )
    locked.coverage_end = end
    locked.end_reason = "not_eligible"
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    audit.record(
        f"enrollment.{'cancelled' if event == 'cancel' else 'terminated'}", actor=actor,
        actor_label=_actor_label(actor), obj=locked, coverage_end=end.isoformat(),
        reason="not_eligible",
        determination=str(determination.public_id) if determination is not None else None,
    )  # fmt: skip
    outbox.queue(locked, build.ending(locked, _members(locked), timezone.now(), end,
                                      reason="not_eligible"))  # fmt: skip
    return locked


# --- Member removal and CIC pairs ------------------------------------------------------

#: A member's INS02 relationship to a new subscriber, from (the new subscriber's INS02 to
#: the old subscriber, the member's INS02 to the old subscriber). The application records
#: relationships to the primary applicant only, so a child of the old subscriber is taken
#: to be the spouse's child too (19); anything not known is G8 "other relationship".
NEW_SUBSCRIBER_RELATIONSHIP = {
    ("01", "19"): "19",  # the couple's child
    ("01", "03"): "13",  # the old subscriber's parent: the spouse's parent-in-law
    ("19", "19"): "14",  # the old subscriber's children: siblings
}

#: CSR variant -> the household CSR level it serves (the inverse of shopping.quotes).
VARIANT_CSR = {
    **{code: level for level, code in SILVER_CSR_VARIANTS.items()},
    "04": "73",
    **{code: level for level, code in AIAN_VARIANTS.items()},
    "01": "",
}


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def _last_day(enrollment: Enrollment) -> date:
    return enrollment.coverage_end or date(enrollment.coverage_year, 12, 31)


def _repriced(enrollment: Enrollment, members: list[EnrollmentMember], *, variant: str,
              csr: str | None, elected: Decimal, max_aptc: Decimal | None = None,
              determination: Determination | None = None):  # fmt: skip
    """`members` on the policy's plan in `variant`, through checkout's own pricing
    (selection.price): the premium, the EHB premium and the APTC, the election kept when it
    still fits under min(max APTC, EHB premium) (45 CFR 155.310(d)(2); 26 CFR 1.36B-3(j))."""
    try:
        group = policy_group(enrollment, members, csr=csr, max_aptc=max_aptc,
                             determination=determination)  # fmt: skip
        priced = price(group, f"{enrollment.plan_id[:14]}{variant}", elected)
    except NotEnrollable as exc:
        raise EnrollmentError("stale_determination", str(exc)) from exc
    if priced.variant_code != variant:
        raise EnrollmentError(
            "variant_not_offered",
            f"{enrollment.plan_id[:14]} has no variant {variant} for CSR level {csr or 'none'}",
        )
    return priced


def remove_member(enrollment: Enrollment, member: EnrollmentMember, *, end_date: date,
                  reason: str, actor=None, ip_address=None) -> Enrollment:  # fmt: skip
    """Take `member` off `enrollment` after `end_date` (their last day of coverage); the
    policy continues for the others. Returns the policy the others are on.

    - A dependent: a 024 for them only (INS04/AMRC from `reason`: "not_eligible" 07
      TERM-NLE, "voluntary" 14 TERM; edi/build.py END_REASONS), then the others priced
      again (the shopping pricing, as at checkout) and sent as a 001 FINANCIAL CHANGE with
      the new PRE AMT 1 / PRE AMT TOT / APTC AMT / TOT RES AMT from the day after
      `end_date`, the first of a month (CG §6.11.1: APTC changes on the 1st).
    - The subscriber: the FFE cannot change a subscriber in a 001 (formats.md B.6 step 3: a
      new subscriber is a CIC pair), so the policy ends on `end_date` (024, TERMCIC) and a
      new policy for the others starts the next day (021/EC, AMRC CIC) with a new
      subscriber (the spouse, else the oldest adult), a new EAPID and EASID, the members'
      EAMIDs kept; see `_replace`.
    - A policy never effectuated (or an `end_date` before coverage begins) has covered
      nothing: the member is cancelled from the begin date (CANCEL / CANCEL-NLE) and the
      others' new amounts apply from the begin date, as `end_for_ineligibility` does.

    Idempotent: a member already taken off returns the policy the others are on, and
    nothing is sent again."""
    ids = sequences.exchange_ids(2) if member.is_subscriber else []
    return _remove_member(enrollment, member, end_date, reason, actor, ip_address, ids)


@transaction.atomic
def _remove_member(enrollment, member, end_date, reason, actor, ip_address, ids) -> Enrollment:
    if reason not in build.END_REASONS or reason == "replaced":
        raise EnrollmentError("bad_reason", reason)
    locked = _lock(enrollment)
    target = locked.members.filter(pk=member.pk).first()
    if target is None:
        raise EnrollmentError("not_a_member")
    if target.coverage_end is not None:  # already taken off: nothing to send again
        return locked
    if not locked.is_active:
        replacement = locked.replacement
        if (
            replacement is not None
            and not replacement.members.filter(member_id=target.member_id).exists()
        ):  # the subscriber already left through a CIC pair
            return replacement
        raise EnrollmentError("not_active")
    covered = locked.covered_members()
    staying = [m for m in covered if m.pk != target.pk]
    if not staying:
        raise EnrollmentError("last_member", "end the policy instead (end_coverage)")
    cancel = not in_force(locked) or end_date <= locked.coverage_start
    end = locked.coverage_start if cancel else end_date
    if not cancel:
        if end >= _last_day(locked):
            raise EnrollmentError("ends_with_policy", f"the policy ends on {_last_day(locked)}")
        if not _month_end(end):
            raise EnrollmentError("end_not_month_end", "APTC and premiums change on the 1st")
    if target.is_subscriber:
        return _new_subscriber(locked, target, covered, staying, end, cancel, reason, actor,
                               ip_address, ids)  # fmt: skip
    effective = locked.coverage_start if cancel else end + timedelta(days=1)
    priced = _repriced(locked, staying, variant=locked.plan_id[14:],
                       csr=locked.csr_level, elected=locked.elected_aptc)  # fmt: skip
    locked.status = states.next_state(locked.status, "remove_member")
    target.coverage_end, target.end_reason = end, reason
    target.save(update_fields=["coverage_end", "end_reason"])
    old = {"premium": locked.premium, "aptc": locked.elected_aptc,
           "members": [m.premium for m in staying]}  # fmt: skip
    locked.premium, locked.ehb_premium = priced.quote.premium, priced.quote.ehb_premium
    locked.elected_aptc = priced.elected_aptc
    locked.premium_after_credit = priced.premium_after_credit
    locked.save(update_fields=["status", "premium", "ehb_premium", "elected_aptc",
                               "premium_after_credit", "updated_at"])  # fmt: skip
    for m, premium in zip(staying, priced.member_premiums, strict=True):
        if m.premium != premium:
            m.premium = premium
            m.save(update_fields=["premium"])
    audit.record(
        "enrollment.member_removed", actor=actor, actor_label=_actor_label(actor), obj=locked,
        ip_address=ip_address, member_id=target.member_id, reason=reason,
        event="cancel" if cancel else "terminate", coverage_end=end.isoformat(),
        effective=effective.isoformat(), old_premium=str(old["premium"]),
        new_premium=str(locked.premium), old_aptc=str(old["aptc"]),
        new_aptc=str(locked.elected_aptc),
    )  # fmt: skip
    now = timezone.now()
    outbox.queue(locked, build.member_ending(locked, [target], now, end, reason))
    money_changed = (locked.premium, locked.elected_aptc, list(priced.member_premiums)) != (
        old["premium"], old["aptc"], old["members"])  # fmt: skip
    if money_changed and effective.year == locked.coverage_year:
        outbox.queue(locked, build.financial_change(locked, staying, now, effective))
    return locked


def _new_subscriber(locked, target, covered, staying, end, cancel, reason, actor, ip_address,
                    ids) -> Enrollment:  # fmt: skip
    """The subscriber leaves: the policy ends, a new one carries the others (CIC pair)."""
    spouse = [m for m in staying if m.relationship == "01"]
    adults = sorted((m for m in staying if m.age >= 18), key=lambda m: (-m.age, m.position))
    if not (spouse or adults):
        # A child-only policy needs its custodial parent (2100F NM1*S3, formats.md B.2),
        # which this exchange does not send.
        raise EnrollmentError("child_only_policy", "no adult left to be the subscriber")
    new_subscriber = (spouse or adults)[0]
    was = new_subscriber.relationship
    relationships = {
        m.pk: "18" if m.pk == new_subscriber.pk
        else NEW_SUBSCRIBER_RELATIONSHIP.get((was, m.relationship), "G8")
        for m in staying
    }  # fmt: skip
    order = [new_subscriber] + [m for m in staying if m.pk != new_subscriber.pk]
    return _replace(
        locked, order, end=end, cancel=cancel, subscriber_id=f"S{ids[0]:010d}",
        policy_id=f"P{ids[1]:010d}",
        relationships=relationships, ending=covered, actor=actor, ip_address=ip_address,
        why={"change": "subscriber_removed", "member_id": target.member_id,
             "member_reason": reason},
    )  # fmt: skip


def _replace(locked: Enrollment, members: list[EnrollmentMember], *, end: date, cancel: bool,
             subscriber_id: str, policy_id: str, relationships: dict,
             ending: list[EnrollmentMember], actor, ip_address,
             why: dict) -> Enrollment:  # fmt: skip
    """A CIC pair (formats.md B.6 step 3; today only a new subscriber needs one): `locked`
    is cancelled (end = begin) or terminated on `end` with a 024 (INS04 14, CANCELCIC /
    TERMCIC), and a new policy `replaces` it from the begin date or the day after `end`:
    `members` (the new subscriber first), the same plan and variant, priced again, the APTC
    election carried over up to the cap, a new EAPID `policy_id`, the members' EAMIDs kept,
    and its 021/EC with AMRC CIC. Both 834s go in the outbox in this transaction."""
    start = locked.coverage_start if cancel else end + timedelta(days=1)
    if start.year != locked.coverage_year:
        raise EnrollmentError("plan_year_over")
    priced = _repriced(locked, members, variant=locked.plan_id[14:], csr=locked.csr_level,
                       elected=locked.elected_aptc)  # fmt: skip
    event = "cancel" if cancel else _terminate_event(locked)
    locked.status = states.next_state(locked.status, event)
    locked.coverage_end = end
    locked.end_reason = "replaced"
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    audit.record(
        f"enrollment.{'cancelled' if cancel else 'terminated'}", actor=actor,
        actor_label=_actor_label(actor), obj=locked, ip_address=ip_address,
        coverage_end=end.isoformat(), reason="replaced", **why,
    )  # fmt: skip
    now = timezone.now()
    outbox.queue(locked, build.ending(locked, ending, now, end, reason="replaced"))
    new = Enrollment.objects.create(
        owner=locked.owner, application=locked.application, determination=locked.determination,
        group=locked.group, plan_variant=locked.plan_variant, issuer=locked.issuer,
        plan_id=locked.plan_id, plan_name=locked.plan_name, metal_level=locked.metal_level,
        coverage_year=locked.coverage_year, state=locked.state, coverage_start=start,
        premium=priced.quote.premium, ehb_premium=priced.quote.ehb_premium,
        max_aptc=locked.max_aptc, elected_aptc=priced.elected_aptc,
        premium_after_credit=priced.premium_after_credit, csr_level=locked.csr_level,
        rating_area=locked.rating_area, subscriber_id=subscriber_id, policy_id=policy_id,
        street=locked.street, city=locked.city, zipcode=locked.zipcode,
        countyfips=locked.countyfips, phone=locked.phone, email=locked.email,
        language=locked.language, checkout_token=uuid.uuid4(),
        attestations=locked.attestations, replaces=locked,
    )  # fmt: skip
    for position, (m, premium) in enumerate(zip(members, priced.member_premiums, strict=True)):
        EnrollmentMember.objects.create(
            enrollment=new, person=m.person, position=position, member_id=m.member_id,
            is_subscriber=position == 0, relationship=relationships[m.pk],
            first_name=m.first_name, last_name=m.last_name, birth_date=m.birth_date,
            sex=m.sex, age=m.age, tobacco=m.tobacco, premium=premium,
        )  # fmt: skip
    audit.record(
        "enrollment.replacement_selected", actor=actor, actor_label=_actor_label(actor),
        obj=new, ip_address=ip_address, policy_id=new.policy_id, replaces=locked.policy_id,
        plan_id=new.plan_id, coverage_start=start.isoformat(),
        elected_aptc=str(new.elected_aptc), **why,
    )  # fmt: skip
    outbox.queue(new, build.addition(new, _members(new), now, amrc=build.CIC))
    return new


@transaction.atomic
def change_csr_variant(enrollment: Enrollment, new_variant: str, *, effective: date,
                       actor=None, ip_address=None, csr_level: str | None = None,
                       max_aptc: Decimal | None = None,
                       determination: Determination | None = None) -> Enrollment:  # fmt: skip
    """Move the policy to another cost-sharing variant of the same plan (45 CFR 156.420;
    `new_variant` is the 2-digit variant or the 16-character plan id), from `effective`, a
    first of the month (a redetermination's is the first of the month after its notice,
    45 CFR 155.330(f)(1)(i), `dates.redetermination_effective`). Returns the policy.

    The same policy (same EAPID, subscriber and members) changes in place: its plan id and
    variant, the CSR level, the APTC election kept up to min(max APTC, EHB premium) (45 CFR
    155.310(d)(2); 26 CFR 1.36B-3(j)); the premium is the plan's, whatever the variant. One
    001 on every covered member says so (AMRC CSR VARIANT CHANGE, REF*CE the new 16-character
    id, DTP*303 and DTP*007 the effective date; formats.md B.4, B.6 step 3: the 14-character
    plan stays, so no CIC pair), and the issuer carries the deductible and out-of-pocket
    accumulators over to the new variant (45 CFR 156.425(b)). A policy whose coverage
    begins after `effective` changes from its begin date. A redetermination also passes the
    household's new `csr_level`, `max_aptc` and the `determination` they come from.

    Idempotent: a policy already in that variant (or a policy since replaced by a new
    subscriber's, in it) is returned and nothing is sent."""
    code = str(new_variant).replace("-", "")
    if len(code) == 16:
        if code[:14] != enrollment.plan_id[:14]:
            raise EnrollmentError("other_plan", "a CSR change keeps the same plan")
        code = code[14:]
    if code not in VARIANT_CSR:
        raise EnrollmentError("bad_variant", code)
    locked = _lock(enrollment)
    if not locked.is_active:
        replacement = locked.replacement
        if replacement is not None and replacement.plan_id[14:] == code:
            return replacement
        raise EnrollmentError("not_active")
    if locked.plan_id[14:] == code:
        return locked
    if effective.day != 1:
        raise EnrollmentError("effective_not_first", "a CSR variant changes on the 1st")
    if effective > _last_day(locked):
        raise EnrollmentError("plan_year_over")
    effective = max(effective, locked.coverage_start)
    members = locked.covered_members()
    csr = VARIANT_CSR[code] if csr_level is None else (csr_level or "")
    new_max = locked.max_aptc if max_aptc is None else Decimal(max_aptc).quantize(Decimal("0.01"))
    priced = _repriced(locked, members, variant=code, csr=csr, elected=locked.elected_aptc,
                       max_aptc=new_max, determination=determination)  # fmt: skip
    plan_variant = PlanVariant.objects.get(
        plan__year=locked.coverage_year, plan__standard_component_id=locked.plan_id[:14],
        variant=code,
    )  # fmt: skip
    old = {"plan_id": locked.plan_id, "csr": locked.csr_level, "aptc": locked.elected_aptc,
           "max": locked.max_aptc, "premium": locked.premium}  # fmt: skip
    locked.status = states.next_state(locked.status, "change")  # a 001 keeps the state
    locked.plan_variant, locked.plan_id = plan_variant, f"{locked.plan_id[:14]}{code}"
    locked.csr_level = csr
    locked.premium, locked.ehb_premium = priced.quote.premium, priced.quote.ehb_premium
    locked.max_aptc, locked.elected_aptc = new_max, priced.elected_aptc
    locked.premium_after_credit = priced.premium_after_credit
    if determination is not None:
        locked.determination = determination
    locked.save(update_fields=["status", "plan_variant", "plan_id", "csr_level", "premium",
                               "ehb_premium", "max_aptc", "elected_aptc",
                               "premium_after_credit", "determination", "updated_at"])  # fmt: skip
    for m, premium in zip(members, priced.member_premiums, strict=True):
        if m.premium != premium:
            m.premium = premium
            m.save(update_fields=["premium"])
    audit.record(
        "enrollment.csr_variant_changed", actor=actor, actor_label=_actor_label(actor),
        obj=locked, ip_address=ip_address, policy_id=locked.policy_id,
        old_plan_id=old["plan_id"], new_plan_id=locked.plan_id, old_csr=old["csr"],
        new_csr=locked.csr_level, effective=effective.isoformat(), old_aptc=str(old["aptc"]),
        new_aptc=str(locked.elected_aptc), old_max=str(old["max"]),
        new_max=str(locked.max_aptc), old_premium=str(old["premium"]),
        new_premium=str(locked.premium),
        determination=str(locked.determination.public_id),
    )  # fmt: skip
    outbox.queue(locked, build.csr_variant_change(locked, members, timezone.now(), effective))
    return locked


def mark_transmitted(enrollment_ids: list[int], file_name: str) -> int:
    """The export sent these enrollments' initial 834s: selected -> transmitted, with one
    audit row each. Call inside the export's transaction (bulk: the export sends 100,000s)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("mark_transmitted runs inside the export's transaction")
    target = states.next_state(states.SELECTED, "transmit")
    changed = 0
    for start in range(0, len(enrollment_ids), 900):
        chunk = enrollment_ids[start : start + 900]
        ids = list(Enrollment.objects.filter(pk__in=chunk, status=states.SELECTED)
                   .values_list("pk", flat=True))  # fmt: skip
        changed += Enrollment.objects.filter(pk__in=ids).update(
            status=target, updated_at=timezone.now()
        )
        AuditEvent.objects.bulk_create(
            AuditEvent(actor_label="edi-export", action="enrollment.transmitted",
                       object_type="Enrollment", object_id=str(pk), detail={"file": file_name})
            for pk in ids
        )  # fmt: skip
    return changed


@transaction.atomic
def effectuate(enrollment: Enrollment, *, paid_through: date | None, issuer_policy_id: str = "",
               issuer_subscriber_id: str = "", issuer_member_ids: dict | None = None,
               file_name: str = "") -> Enrollment:  # fmt: skip
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
        "enrollment.effectuated", actor_label="edi-import", obj=locked, file=file_name,
        paid_through=paid_through.isoformat() if paid_through else None,
    )  # fmt: skip
    return locked


@transaction.atomic
def issuer_end(enrollment: Enrollment, *, end: date, reason: str, amrc: str = "",
               file_name: str = "") -> Enrollment:  # fmt: skip
    """The issuer cancelled or terminated the policy (inbound 024; e.g. 59 non-payment).
    An inbound termination may only move the end date earlier (formats.md B.6 step 4)."""
    locked = _lock(enrollment)
    cancel = end <= locked.coverage_start
    locked.status = states.next_state(
        locked.status, "issuer_cancel" if cancel else "issuer_terminate"
    )
    locked.coverage_end = locked.coverage_start if cancel else end
    locked.end_reason = f"issuer:{reason or 'other'}"
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    audit.record(
        "enrollment.issuer_ended", actor_label="edi-import", obj=locked, file=file_name,
        reason=reason, amrc=amrc, coverage_end=locked.coverage_end.isoformat(),
    )  # fmt: skip
    return locked


STATUS_LABELS = dict(Status.choices)
