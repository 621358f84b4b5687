"""Report a change; grant a special enrollment period a caseworker decides.

`report_change` is the one action for a change reported on line by the person or by a
caseworker for them (45 CFR 155.330(b)): in one transaction it stores the dated change
(personal details encrypted), writes it into the application's facts (facts.py),
redetermines through the same engine path as a submission (45 CFR 155.330(e); the earlier
determination is kept), applies the result to the household's policies through the
enrollment actions and the 834 outbox (effects.py; 155.330(f), 155.420(b)), opens the
special enrollment periods the event qualifies for (aca_rules/sep), writes the audit row
and issues the eligibility notice in the person's language. A second submit of the same
form (same `token`) returns the same change and does nothing again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError

from aca_rules import InputError, sep
from marketplace.applications import determine, rules_input
from marketplace.applications import effects as application_effects
from marketplace.applications.models import Application, Member, OtherCoverage, Relationship
from marketplace.audit import log as audit
from marketplace.catalog.geography import counties_for_zip, rating_area_for
from marketplace.changes import effects, facts, periods, prior_coverage
from marketplace.changes.kinds import (
    ABOUT_MEMBER,
    COVERAGE_CHANGES,
    KINDS,
    LEAVING,
    MEDICAID_DENIED,
    NEW_PERSON,
    OWN_PAGE,
    RECONCILED,
)
from marketplace.changes.models import ReportedChange
from marketplace.core import clock
from marketplace.core.transactions import atomic_action
from marketplace.determinations.models import Cause, Determination
from marketplace.edi import sequences
from marketplace.enrollment import dates, redetermination
from marketplace.verifications.actions import verify_reported_change

#: Details written into the facts but not kept in the change's record: a new person's SSN
#: lives on the person only, encrypted (45 CFR 155.260(a)(1): no more than is needed).
PRIVATE_DETAILS = {"ssn"}

#: How far ahead a change may be reported (a move or a loss of coverage known in advance:
#: 45 CFR 155.420(c)(2) opens their periods 60 days before the event).
DAYS_AHEAD = 60


class ChangeError(Exception):
    """The change cannot be taken as given: `field` names what to correct."""

    def __init__(self, code: str, message: str, field: str = "__all__"):
        super().__init__(message)
        self.code, self.field = code, field


def _member(application: Application, public_id):
    found = application.members.filter(public_id=public_id).first() if public_id else None
    if found is None:
        raise ChangeError("member", "Choose who the change is about.", "member")
    return found


def _address_kind(application: Application, details: dict, year: int) -> str:
    """Within the rating area, to another rating area, or out of the state."""
    counties = counties_for_zip(details.get("zipcode", ""), application.state)
    if not counties:
        return "out_of_state"
    details["countyfips"] = details.get("countyfips") or counties[0].fips
    old = rating_area_for(year, application.state, application.countyfips, application.zipcode)
    new = rating_area_for(year, application.state, details["countyfips"], details["zipcode"])
    if old is not None and new is not None and old.edi_code == new.edi_code:
        return "within_area"
    return "other_area"


def report_change(
    application: Application,
    *,
    kind: str,
    event_date: date,
    details: dict,
    token,
    actor=None,
    ip_address: str | None = None,
    by_caseworker: bool = False,
    notify: bool = True,
) -> ReportedChange:
    """`notify=False`: no eligibility notice for this change; the caller sends one for the
    household's determination after several changes in its transaction (the agency's
    findings about two people of a household in one file: docs/adr/0838)."""
    token = uuid.UUID(str(token))
    found = ReportedChange.objects.filter(token=token).first()
    if found is not None:
        return found
    if kind not in KINDS and kind not in OWN_PAGE:
        raise ChangeError("kind", "Choose what changed.", "kind")
    today = clock.today()
    if event_date > today + timedelta(days=DAYS_AHEAD):
        raise ChangeError(
            "event_date", f"The date can be at most {DAYS_AHEAD} days from today.", "event_date"
        )
    try:
        learned_on = _learned_on(details)
    except ValueError:
        raise ChangeError("learned_on", "Enter the date as YYYY-MM-DD.", "learned_on") from None
    if learned_on is not None and learned_on > today:
        raise ChangeError(
            "learned_on", "The date you learned of it cannot be in the future.", "learned_on"
        )
    ids = sequences.exchange_ids(4) if kind in NEW_PERSON or kind == MEDICAID_DENIED else []
    try:
        return _report(
            application,
            kind,
            event_date,
            dict(details),
            token,
            actor,
            ip_address,
            by_caseworker,
            today,
            ids,
            notify,
        )
    except (IntegrityError, ChangeError):
        # The same form twice at once: the second waited for the application's lock, then
        # found the change made (its person gone, say) or could not store its own under the
        # same token (unique); nothing of it stays.
        found = ReportedChange.objects.filter(token=token).first()
        if found is None:
            raise
        return found


@dataclass
class Outcome:
    """What a reported change did: its effects on the policies (JSON-ready, for the notice
    and the record), the followups for casework, the new determination and the household
    as it is now (read once), and the person the change is about (a new one included)."""

    changes: list = field(default_factory=list)
    followups: list = field(default_factory=list)
    after: Determination | None = None
    members: list = field(default_factory=list)
    person: Member | None = None


@atomic_action
def _report(
    application, kind, event_date, details, token, actor, ip, by_caseworker, today, ids, notify
) -> ReportedChange:
    """One reported change in one transaction, under the application's lock (45 CFR
    155.330(b)): who it is about (`_about`), then a move out of the state (`effects.out_of_state`)
    or the facts written, the household redetermined and the result applied to its policies
    (`_redetermine`), then the change stored with its effects, the special enrollment periods
    opened, the audit row and the eligibility notice (`_store`)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=application.pk)
    )
    before = application.determinations.first()
    if before is None:
        raise ChangeError("no_determination", "Apply for coverage first.")
    year = int(before.year or application.coverage_year)
    person = _about(application, kind, details, year, by_caseworker)
    change = ReportedChange(
        application=application,
        kind=kind,
        event_date=event_date,
        reported_on=today,
        before=before,
        token=token,
        by_caseworker=by_caseworker,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    change.details = {k: v for k, v in details.items() if k not in PRIVATE_DETAILS}
    outcome = Outcome()
    if kind == "death" and person.relationship == Relationship.SELF:
        _applicant_died(outcome, application, person, event_date, year, actor)
    elif kind == "address" and details["address_kind"] == "out_of_state":
        enrollments = redetermination.active_enrollments(application, year)
        outcome.changes += effects.out_of_state(enrollments, today, actor)
        outcome.followups.append("Moved out of the state: coverage ends (45 CFR 155.305(a)(3)).")
    else:
        _redetermine(
            outcome, application, kind, person, details, event_date, today, ids, year, actor
        )
    _store(change, outcome, application, details, actor, ip, notify)
    if outcome.after is not None:  # what the change told us, verified (155.330(c)(1))
        verify_reported_change(
            application,
            before,
            outcome.after,
            identity_of=outcome.person if kind in NEW_PERSON | {"immigration"} else None,
            coverage_of=outcome.person if kind in COVERAGE_CHANGES else None,
            actor=actor,
            today=today,
        )
    return change


def _about(application, kind, details, year, by_caseworker=False):
    """The member the change is about (None for a new person or the household's address),
    named in the details; the person who applied cannot be taken off here, except that a
    caseworker records their death (the family calls). An address is classified
    (`_address_kind`): within the rating area, to another, or out of the state."""
    person = None
    if kind in ABOUT_MEMBER or kind in LEAVING or kind == MEDICAID_DENIED:
        person = _member(application, details.get("member"))
        details["member_name"] = person.name
        applicant_died = kind == "death" and by_caseworker
        if kind in LEAVING and person.relationship == Relationship.SELF and not applicant_died:
            raise ChangeError(
                "applicant_leaves",
                "The person who applied cannot be taken off here. Please call us.",
                "member",
            )
    if kind == "address":
        details["address_kind"] = _address_kind(application, details, year)
    if kind == "coverage_lost":  # what the record showed before: 155.420(c)(6) for Medicaid
        details["lost_coverage"] = person.other_coverage
    return person


def _applicant_died(outcome, application, person, event_date, year, actor) -> None:
    """The person who applied died, reported by a caseworker: their coverage ends on the
    date of death (45 CFR 155.430(d)(7)) and a policy they held for others passes to the
    next adult (a CIC pair, as for any subscriber who dies: `effects.person_leaves`). The
    application stays theirs until casework gives the account to a surviving adult (or
    closes it), so nothing is redetermined here: the followup says what is left to do."""
    enrollments = redetermination.active_enrollments(application, year)
    done, todo = effects.person_leaves(enrollments, person, event_date, actor, died=True)
    outcome.changes += done
    outcome.followups += todo
    outcome.followups.append(
        f"{person.name}, who applied, died on {event_date.isoformat()}: give the account to a "
        "surviving adult of the household (or close it) and redetermine the others."
    )


def _redetermine(
    outcome, application, kind, person, details, event_date, today, ids, year, actor
) -> None:
    """The change written into the facts (`_write_facts`), the household redetermined
    through the same engine path as a submission (45 CFR 155.330(e)), and the result applied
    to its policies (`_apply_to_policies`, 155.330(f), 155.420(b))."""
    enrollments = redetermination.active_enrollments(application, year)
    person = outcome.person = _write_facts(
        outcome, application, kind, person, details, enrollments, event_date, actor
    )
    # The household as it is now, read once: for the rules, the policies and the notice.
    outcome.members = list(application.members.prefetch_related("incomes", "deductions"))
    try:
        outcome.after = determine.determine_and_store(
            application,
            _facts_input(application, outcome.members, today),
            cause=Cause.CHANGE_REPORTED,
        )
    except InputError as exc:
        raise ChangeError("facts", f"The change cannot be determined: {exc}") from exc
    if kind in LEAVING:  # a subscriber who left may have handed a policy on (CIC pair)
        enrollments = redetermination.active_enrollments(application, year)
    _apply_to_policies(outcome, application, kind, details, enrollments, event_date, today, actor)
    if kind == MEDICAID_DENIED and details.get("rejoins"):
        _rejoining(outcome, application, person, details["rejoins"], today, ids, year, actor)
    if kind in NEW_PERSON:
        outcome.changes, outcome.followups = _joining(
            application,
            kind,
            person,
            outcome.after,
            event_date,
            today,
            ids,
            year,
            actor,
            outcome.changes,
            outcome.followups,
        )


def _write_facts(outcome, application, kind, person, details, enrollments, event_date, actor):
    """The change written into the application's facts (facts.py); a person who leaves is
    first taken off the household's policies (`effects.person_leaves`, 45 CFR 155.430(b),
    (d)(7) for a death). Returns the person the change is about (a new one for a birth,
    adoption, marriage or move-in)."""
    if kind in LEAVING:
        done, todo = effects.person_leaves(
            enrollments, person, event_date, actor, died=kind == "death"
        )
        outcome.changes += done
        outcome.followups += todo
        facts.remove_person(application, person)
    elif kind in NEW_PERSON:
        person = facts.add_person(application, kind, details)
    elif kind == "address":
        facts.move(application, details)
    elif kind == RECONCILED:
        facts.attest_reconciled(application, details, actor)
    else:
        facts.change_member(person, kind, details)
    return person


def _apply_to_policies(outcome, application, kind, details, enrollments, event_date, today, actor):
    """The new determination applied to each policy (`redetermination.apply`, effective the
    first of the month after the notice, 45 CFR 155.330(f)(1)(i)), after a move to another
    rating area rated the policies for it (`effects.moved`, 155.420(d)(7)); a move within
    the area gives the policies the new address (`effects.new_address`)."""
    if kind == "address" and details["address_kind"] == "within_area":
        effects.new_address(enrollments, application, event_date, actor)
    if kind == "address" and details["address_kind"] == "other_area":
        enrollments, done, todo = effects.moved(
            enrollments, application, outcome.after, event_date, today, actor
        )
        outcome.changes += done
        outcome.followups += todo
    people = rules_input.in_rules_order(outcome.members)
    for enrollment in enrollments:
        applied = redetermination.apply(
            enrollment, outcome.after, notice_date=today, actor=actor, people=people
        )
        outcome.changes += applied.changes
        outcome.followups += applied.followups


def _store(
    change: ReportedChange, outcome: Outcome, application, details, actor, ip_address, notify
):
    """The change saved with what it did (one INSERT; a second with the same token fails
    here), the special enrollment periods it opens (45 CFR 155.420(d)), its audit row and
    the eligibility notice in the person's language (45 CFR 155.330(e)(1)(ii), 155.310(g))."""
    change.after = outcome.after
    change.effects = outcome.changes
    change.followups = "\n".join(outcome.followups)
    change.save()
    kind, event_date = change.kind, change.event_date
    before, after = change.before, outcome.after
    opened = _open_periods(application, change, details, kind, event_date, before, after)
    audit.record(
        "change.reported",
        actor=actor,
        actor_label="" if actor else "system",
        obj=change,
        ip_address=ip_address,
        application=str(application.public_id),
        kind=kind,
        event_date=event_date.isoformat(),
        by_caseworker=change.by_caseworker,
        before=str(before.public_id),
        after=str(after.public_id) if after else None,
        periods=[p.event for p in opened],
        learned_on=next((p.learned_on.isoformat() for p in opened if p.learned_on), None),
        policies=sorted({c["policy_id"] for c in outcome.changes}),
    )
    if after is not None and notify:
        application_effects.issue_eligibility_notice(
            application, after, actor=actor, members=sorted(outcome.members, key=_listed)
        )


def _listed(member) -> tuple:
    return (member.position, member.pk)  # applications.Member's own order


def _facts_input(application, members, today: date) -> dict:
    """The stored facts as the rules read them (`rules_input.build_from` the application's
    `members`, ages at the start of the coverage year); a child born or placed during the
    year is age 0 (45 CFR 147.102(a)(1)(iii): age on the date of enrollment)."""
    data = rules_input.build_from(application, members, today)
    for person in data["people"]:
        person["age"] = max(int(person["age"]), 0)
    return data


def _rejoining(outcome, application, person, policy_id: str, today, ids, year, actor) -> None:
    """A person the renewal left out of the household's re-enrolled policy for a Medicaid/CHIP
    assessment, whom the agency then found not eligible, goes back on that policy from the
    first of the next month (or its start): the re-enrollment of 45 CFR 155.335(j) would have
    kept them on it (docs/adr/0713). The household may still choose another plan."""
    start = dates.first_of_next_month(today)
    enrollments = [
        e for e in redetermination.active_enrollments(application, year) if e.policy_id == policy_id
    ]
    done, todo = effects.joins_policies(
        enrollments, person, outcome.after, start=start, subsidies_from=start, ids=ids, actor=actor
    )
    outcome.changes += done
    outcome.followups += todo


def _joining(
    application, kind, person, after, event_date, today, ids, year, actor, changes, followups
):
    """Someone joined: on the household's policies from the date of birth or adoption
    (155.420(b)(2)(i)), else the first of the next month (155.420(b)(2)(iii))."""
    event = "birth_or_adoption" if kind in ("birth", "adoption") else "marriage"
    period = sep.period(event, event_date)
    start = period.coverage_start(today)
    subsidies = period.subsidies_start(today)
    if kind not in ("birth", "adoption"):
        start = subsidies = dates.first_of_next_month(today)
    enrollments = redetermination.active_enrollments(application, year)
    done, todo = effects.joins_policies(
        enrollments, person, after, start=start, subsidies_from=subsidies, ids=ids, actor=actor
    )
    return changes + done, followups + todo


def _open_periods(application, change, details, kind, event_date, before, after) -> list:
    """The periods the change opens (155.420(d)). One that needs prior coverage (155.420(a)(5))
    is for the members who show it (`prior_coverage.members_meeting`); when nobody does it is
    not opened, and the members left out (or the whole event) are listed in the change's
    `periods_refused`."""
    learned_on = _learned_on(details)
    found = sep.for_change(_period_kind(kind, details), event_date, learned_on)
    if kind == "address" and details.get("address_kind") != "other_area":
        found = []  # 155.420(d)(7): only a move that gives access to new plans
    if after is not None and _subsidies_changed(before, after):
        found.append(sep.period("subsidy_eligibility_change", event_date, learned_on))
    unique = {p.event.code: p for p in found}  # an income change can give the same one twice
    attested, covered = details.get("prior_coverage", ""), details.get("covered_members")
    granted, refused = [], []
    if kind == MEDICAID_DENIED:  # 155.420(d)(11): the person the agency found not eligible
        denied = sep.period(MEDICAID_DENIED, event_date)
        granted.append(
            periods.open_for_person(application, denied, details["member"], change=change)
        )
    for p in unique.values():
        if not p.event.prior_coverage:  # the household, without reading its members
            granted.append(periods.open_for(application, p, change=change))
            continue
        meets, missing = prior_coverage.members_meeting(application, p, attested, covered)
        if not meets:
            refused.append({"event": p.event.code, "reason": prior_coverage.NO_PRIOR_COVERAGE})
            continue
        names = [str(m.public_id) for m in missing]
        for_whom = [str(m.public_id) for m in meets] if missing else []
        granted.append(periods.open_for(application, p, change=change, members=for_whom))
        if missing:  # 155.420(a)(5): per qualified individual
            refused.append(
                {
                    "event": p.event.code,
                    "reason": prior_coverage.NO_PRIOR_COVERAGE,
                    "members": names,
                }
            )
    if refused:
        change.periods_refused = refused
        change.save(update_fields=["periods_refused"])
    return granted


def _learned_on(details: dict) -> date | None:
    """The date the person says they learned of the event, having had no timely notice of
    it (45 CFR 155.420(c)(5)), from the form's details; None when not given."""
    raw = details.get("learned_on")
    return date.fromisoformat(str(raw)) if raw else None


def _period_kind(kind: str, details: dict) -> str:
    """The change kind events.yaml knows the periods by: a loss of coverage of someone the
    application recorded with Medicaid or CHIP is a loss of Medicaid or CHIP, with 90 days
    after it to choose a plan (45 CFR 155.420(c)(6), from 2024)."""
    if kind == "coverage_lost" and details.get("lost_coverage") == OtherCoverage.MEDICAID:
        return "medicaid_chip_lost"
    return kind


def _subsidies_changed(before, after) -> bool:
    """155.420(d)(6)(i)-(ii): newly eligible or ineligible for APTC, or a new CSR level."""
    old, new = before.result, after.result
    return bool(old.get("aptc")) != bool(new.get("aptc")) or old.get("csr") != new.get("csr")


@atomic_action
def grant_period(
    application: Application,
    *,
    event: str,
    event_date: date,
    reason: str,
    actor,
    ip_address=None,
):
    """A caseworker grants a special enrollment period for an event only casework decides
    (events.yaml `granted_by_caseworker`: 45 CFR 155.420(d)(4), (d)(5), (d)(9), (d)(12),
    (d)(13)), or for one that no reported change opens and the person cannot claim, which
    the person shows to a caseworker (`sep.Event.opened_by_caseworker`), with the reason
    recorded. Idempotent per application, event and date."""
    reason = (reason or "").strip()
    try:
        period = sep.period(event, event_date)
    except sep.UnknownEvent:
        period = None
    if period is None or not period.event.opened_by_caseworker:
        raise ChangeError("event", "Choose a period a caseworker grants.", "event")
    if not reason:
        raise ChangeError("reason", "Give the reason for granting the period.", "reason")
    Application.objects.select_for_update(of=("self",)).filter(pk=application.pk).first()
    row = periods.open_for(application, period, granted_by=actor, reason=reason)
    audit.record(
        "sep.granted",
        actor=actor,
        obj=row,
        ip_address=ip_address,
        application=str(application.public_id),
        event=event,
        event_date=event_date.isoformat(),
        closes=row.closes.isoformat(),
    )
    return row


@atomic_action
def claim_period(application: Application, *, event: str, attested: bool, actor, ip_address=None):
    """The person opens a special enrollment period on their account by attesting to its
    event (events.yaml `claimed_by_person`): 45 CFR 155.420(d)(8), an American Indian or
    Alaska Native (as defined by section 4 of the Indian Health Care Improvement Act) and
    the dependents on the same application, once a month; (d)(10), a victim of domestic
    abuse or spousal abandonment and the dependents on the same application. For (d)(8) the
    application must record a member as American Indian or Alaska Native (`Member.aian`).
    The event date is the day of the claim, the first of the month for a once-a-month
    period (`sep.claimed_event_date`): one such period per calendar month, which one plan
    selection uses up (`periods.used`). Idempotent; the audit row names no person."""
    try:
        period = sep.period(event, clock.today())
    except sep.UnknownEvent:
        period = None
    if period is None or not period.event.claimed_by_person:
        raise ChangeError("event", "Choose the special enrollment period you have.", "event")
    if not attested:
        raise ChangeError("attested", "Confirm that this is true for you.", "attested")
    period = sep.Period(period.event, sep.claimed_event_date(period.event, clock.today()))
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.determinations.first() is None:
        raise ChangeError("no_determination", "Apply for coverage first.")
    if period.event.monthly and not application.members.filter(aian=True).exists():
        raise ChangeError(
            "aian",
            "Your application does not say that anyone in the household is an American "
            "Indian or Alaska Native. Update your application first.",
            "event",
        )
    row = periods.open_for(application, period)
    audit.record(
        "sep.claimed",
        actor=actor,
        obj=row,
        ip_address=ip_address,
        application=str(application.public_id),
        event=period.event.code,
        event_date=period.event_date.isoformat(),
        closes=row.closes.isoformat(),
    )
    return row


def grant_exceptional(
    application: Application, *, event_date: date, reason: str, actor, ip_address=None
):
    """A caseworker grants a period for exceptional circumstances (45 CFR 155.420(d)(9))."""
    return grant_period(
        application,
        event="exceptional_circumstances",
        event_date=event_date,
        reason=reason,
        actor=actor,
        ip_address=ip_address,
    )


@atomic_action
def close_followups(change: ReportedChange, *, actor, ip_address: str | None = None):
    """A caseworker did what the change left for casework (its `followups`): it leaves the
    work queue. Idempotent; a change with nothing left for casework is returned as it is."""
    locked = ReportedChange.objects.select_for_update().get(pk=change.pk)
    if not locked.followups or locked.followups_done_at is not None:
        return locked
    locked.followups_done_at, locked.followups_done_by = clock.now(), actor
    locked.save(update_fields=["followups_done_at", "followups_done_by"])
    audit.record(
        "change.followups_done",
        actor=actor,
        obj=locked,
        ip_address=ip_address,
        application=str(locked.application.public_id),
    )
    return locked
