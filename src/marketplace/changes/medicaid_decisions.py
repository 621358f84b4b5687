"""The state Medicaid/CHIP agency's decisions about the people the exchange referred, read
back from the agency's file (docs/adr/0713).

The exchange assesses Medicaid/CHIP and transfers the person's account to the agency, which
decides (45 CFR 155.302(b)(3), 155.345(a); verifications/transfer.py). When the agency finds
the person not eligible it transfers the account back (42 CFR 435.1200(e); 457.350 for
CHIP), and the exchange accepts that finding and determines the person for a plan with the
premium tax credit and cost-sharing reductions (CMS FAQ 93736; 26 CFR 1.36B-2(c)(2)(iv):
found not eligible, the person is not treated as eligible for that coverage). Until then a
child the renewal assessed for CHIP and left out of the household's plan stays out of it.

A finding of ineligibility is one reported change (changes/actions.report_change, kind
`medicaid_chip_denied`) in the same transaction as the referral's record of the decision:
the finding written on the member with what it was decided on (the coverage year, the
household's size and income: `rules_input.denial_basis`), the household redetermined, the
result applied to its policies (155.330(f)), the special enrollment period of 155.420(d)(11)
opened for that person (the agency's finding is its proof), the audit rows and the
eligibility notice in the household's language. A finding of eligibility is recorded on the
referral (the person's Medicaid or CHIP starts with the agency).

A record that cannot be used (malformed, an unknown referral, a decision that contradicts
the one recorded) goes on the exceptions list with its line and why; the others go on
(ADR 0008). Reading the same file twice changes nothing: a decision already recorded is
counted as such, and the change's token is the referral's. The decisions of one file about
the people of one household are read in one transaction and the household gets one
eligibility notice after them all, not one per person (docs/adr/0838).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from marketplace.applications import effects as application_effects
from marketplace.applications.models import Application
from marketplace.applications.rules_input import denial_basis, ordered_members
from marketplace.audit import log as audit
from marketplace.changes import actions
from marketplace.changes.kinds import MEDICAID_DENIED
from marketplace.core import children, clock
from marketplace.core.transactions import atomic_action
from marketplace.enrollment import redetermination
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.reenrollment import renewal_token
from marketplace.jobs import worklist
from marketplace.jobs.models import Source
from marketplace.verifications.models import AgencyDecision, MedicaidReferral

FORMAT = "marketplace-account-transfer-decision/1"
REASON_LENGTH = 200
#: The namespace of the reported change's token: one change per referral, however often
#: the file is read.
_TOKENS = uuid.UUID("6f0b6f55-3c1e-4f53-9d86-0d9a3c1f7b21")

#: What `record` did with a decision (the command counts them).
ELIGIBLE = "eligible"
REDETERMINED = "redetermined"
NOT_ELIGIBLE_ONLY = "not_eligible_recorded"
ALREADY = "already_recorded"
REFUSED = "refused"


class BadDecision(ValueError):
    """A record that cannot be used: `field` names what is wrong, `message` says what to do."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Decision:
    """One decision of the agency's file."""

    transfer_id: uuid.UUID
    decision: str
    decided_on: date
    reason: str


def parse(line: str) -> Decision:
    """One line of the agency's file; raises BadDecision naming the field."""
    try:
        raw = json.loads(line)
    except ValueError:
        raise BadDecision("line", "is not a JSON object") from None
    if not isinstance(raw, dict):
        raise BadDecision("line", "is not a JSON object")
    if raw.get("format") != FORMAT:
        raise BadDecision("format", f"must be {FORMAT}")
    try:
        transfer_id = uuid.UUID(str(raw.get("transfer_id")))
    except ValueError:
        raise BadDecision("transfer_id", "must be the transfer_id of our referral") from None
    decision = raw.get("decision")
    if decision not in AgencyDecision.values:
        raise BadDecision("decision", "must be eligible or not_eligible")
    try:
        decided_on = date.fromisoformat(str(raw.get("decided_on")))
    except ValueError:
        raise BadDecision("decided_on", "must be a date, YYYY-MM-DD") from None
    if decided_on > clock.today():
        raise BadDecision("decided_on", "cannot be after today")
    reason = raw.get("reason") or ""
    if not isinstance(reason, str):
        raise BadDecision("reason", "must be text")
    return Decision(transfer_id, decision, decided_on, " ".join(reason.split())[:REASON_LENGTH])


def _token(referral: MedicaidReferral) -> uuid.UUID:
    return uuid.uuid5(_TOKENS, str(referral.public_id))


@atomic_action
def record(decision: Decision, *, file_name: str) -> str:
    """The agency's decision on its referral, in one transaction (see the module's text);
    returns what was done. Raises BadDecision for a referral we do not have, a decision
    dated before the referral, or one that contradicts the decision recorded."""
    return _record(decision, file_name, notify=True)[0]


@atomic_action
def record_household(decisions: list[tuple[int, Decision]], *, file_name: str) -> list[tuple]:
    """The decisions of one file about the people of one household (line number, decision),
    in one transaction: each as `record` does it, except that the household gets one
    eligibility notice, for its determination after them all, however many of its people
    the agency found not eligible (docs/adr/0838). A decision that cannot be used is set
    aside (its savepoint rolled back) and the others go on. Returns (line number, outcome
    or BadDecision) for each, in order."""
    done: list[tuple] = []
    redetermined = None
    for number, decision in decisions:
        try:
            with transaction.atomic():
                outcome, referral = _record(decision, file_name, notify=False)
        except BadDecision as exc:
            done.append((number, exc))
            continue
        except actions.ChangeError as exc:
            done.append((number, BadDecision("household", str(exc))))
            continue
        if outcome == REDETERMINED:
            redetermined = referral.application
        done.append((number, outcome))
    if redetermined is not None:
        _notify(redetermined)
    return done


def _notify(application) -> None:
    """The eligibility notice of the household's latest determination (45 CFR 155.310(g),
    155.330(e)(1)(ii)), in its language, after the agency's findings changed it."""
    application = Application.objects.select_related("owner").get(pk=application.pk)
    members = sorted(application.members.all(), key=lambda m: (m.position, m.pk))
    latest = application.determinations.first()
    application_effects.issue_eligibility_notice(application, latest, members=members)


def _record(decision: Decision, file_name: str, *, notify: bool) -> tuple[str, MedicaidReferral]:
    """`record`'s work, in the caller's transaction: (what was done, the referral)."""
    referral = (
        MedicaidReferral.objects.select_for_update(of=("self",))
        .select_related("application", "determination", "member")
        .filter(public_id=decision.transfer_id)
        .first()
    )
    if referral is None:
        raise BadDecision("transfer_id", "no referral of ours has this transfer_id")
    if decision.decided_on < timezone.localtime(referral.created_at).date():
        raise BadDecision("decided_on", "is before we referred the person")
    if referral.decision:
        if referral.decision != decision.decision or referral.decided_on != decision.decided_on:
            raise BadDecision(
                "decision",
                f"contradicts the decision recorded ({referral.decision}, "
                f"{referral.decided_on.isoformat()}); ask the agency which stands",
            )
        return ALREADY, referral
    referral.decision, referral.decided_on = decision.decision, decision.decided_on
    referral.decision_reason, referral.decision_file = decision.reason, file_name[:100]
    referral.decision_received_at = clock.now()
    referral.save(
        update_fields=[
            "decision",
            "decided_on",
            "decision_reason",
            "decision_file",
            "decision_received_at",
        ]
    )
    outcome = ELIGIBLE
    if decision.decision == AgencyDecision.NOT_ELIGIBLE:
        outcome = _not_eligible(referral, decision, notify)
    audit.record(
        "medicaid.decision",
        actor_label="medicaid agency",
        obj=referral,
        decision=decision.decision,
        decided_on=decision.decided_on.isoformat(),
        program=referral.program,
        outcome=outcome,
    )
    return outcome, referral


def _not_eligible(referral: MedicaidReferral, decision: Decision, notify: bool) -> str:
    """The finding accepted: the household redetermined as one reported change when the
    latest determination still assesses the person for Medicaid/CHIP on the facts the agency
    decided on; otherwise only recorded (a newer determination already decided otherwise,
    or the household's size or income changed since: those facts were assessed afresh)."""
    application, member = referral.application, referral.member
    latest = application.determinations.first()
    if member is None or latest is None or not _still_assessed(latest, application, member):
        return NOT_ELIGIBLE_ONLY
    basis = denial_basis(referral.determination.input_snapshot)
    if denial_basis(latest.input_snapshot) != basis:
        return NOT_ELIGIBLE_ONLY
    year = int(latest.result.get("year") or application.coverage_year)
    actions.report_change(
        application,
        kind=MEDICAID_DENIED,
        event_date=decision.decided_on,
        details={
            "member": str(member.public_id),
            "coverage_year": year,
            "basis": basis,
            "program": referral.program,
            "transfer_id": str(referral.public_id),
            "rejoins": _renewed_without(application, member, year),
        },
        token=_token(referral),
        actor=None,
        notify=notify,
    )
    return REDETERMINED


def _renewed_without(application, member, year: int) -> str:
    """The policy of `year` that re-enrolled the person's policy of the year before without
    them (the renewal left them out for this assessment, ADR 1012), or "": the re-enrollment
    of 45 CFR 155.335(j) would have kept them on it, so the finding puts them back
    (changes/actions.py `_rejoining`)."""
    before = Enrollment.objects.filter(
        application=application, coverage_year=year - 1, members__person=member
    )
    tokens = {renewal_token(previous, year) for previous in before}
    for current in redetermination.active_enrollments(application, year):
        if current.checkout_token in tokens:
            return current.policy_id
    return ""


def _still_assessed(latest, application, member) -> bool:
    """The latest determination assesses `member` as eligible for Medicaid or CHIP, for the
    coverage year the application is in."""
    if int(latest.result.get("year") or 0) != application.coverage_year:
        return False
    members = ordered_members(application)
    index = next((i for i, m in enumerate(members) if m.pk == member.pk), None)
    results = latest.result.get("members") or []
    if index is None or index >= len(results):
        return False
    return bool(results[index].get("medicaid") or results[index].get("chip"))


def read_file(path: Path, *, workers: int = 1) -> Counter:
    """Every decision in the agency's file; returns how many of each outcome (`REFUSED`: on
    the exceptions list, with the line and what to do). The decisions about one household
    are recorded together (`record_household`: one notice), each household on its own, on
    `workers` processes (PostgreSQL): a whole state's first file is tens of thousands."""
    counts: Counter = Counter()
    readable: list[tuple[int, Decision]] = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                readable.append((number, parse(line)))
            except BadDecision as exc:
                counts[REFUSED] += 1
                _report(path.name, number, exc)
    households = _by_household(readable)
    if workers <= 1 or len(households) < 2:
        counts.update(_record_all(households, path.name))
    else:
        counts.update(_on_workers(households, path.name, workers))
    return counts


def _record_all(households: list, file_name: str) -> Counter:
    counts: Counter = Counter()
    for decisions in households:
        for number, outcome in record_household(decisions, file_name=file_name):
            if isinstance(outcome, BadDecision):
                counts[REFUSED] += 1
                _report(file_name, number, outcome)
            else:
                counts[outcome] += 1
    return counts


WorkerDied = children.WorkerDied  # what the command catches


def _on_workers(households: list, file_name: str, workers: int) -> Counter:
    """Households dealt to `workers` forked processes in turn, each household in one
    transaction on one worker; their counts added up. A worker that dies leaves what it
    committed: reading the file again counts those as already recorded."""
    shares = [(households[slot::workers], file_name) for slot in range(workers)]
    total: Counter = Counter()
    for counts in children.in_workers(_record_all, shares):
        total.update(counts)
    return total


def _by_household(decisions: list[tuple[int, Decision]]) -> list[list[tuple[int, Decision]]]:
    """The decisions grouped by the household their referral is about, in the order each
    household first appears in the file; one whose referral we do not have stands alone."""
    households: dict = {}
    for start in range(0, len(decisions), _LOOKUP):
        chunk = decisions[start : start + _LOOKUP]
        found = dict(
            MedicaidReferral.objects.filter(
                public_id__in=[d.transfer_id for _, d in chunk]
            ).values_list("public_id", "application_id")
        )
        for number, decision in chunk:
            key = found.get(decision.transfer_id, ("line", number))
            households.setdefault(key, []).append((number, decision))
    return list(households.values())


#: Referrals looked up at a time when grouping a file's decisions by household.
_LOOKUP = 1000


def _report(file_name: str, number: int, exc: BadDecision) -> None:
    """The refused line on the exceptions list: the file and line name it (never a person:
    ADR 0008); the rest of the file went on."""
    worklist.report(
        Source.MEDICAID_DECISION,
        exc.field,
        f"Line {number} of the Medicaid/CHIP agency's decision file {file_name} was not used: "
        f"{exc.field} {exc.message}. The other lines were read. Ask the agency to send this "
        "decision again corrected; reading the corrected file records it once.",
        object_type="agency decision file",
        object_id=f"{file_name}:{number}",
    )
