"""Outbound 834 transactions held back so the others go out (docs/adr/0501-names-in-834s.md).

The export holds a transaction it cannot write (a name with no letter the X12 character set
can carry, a value too long for its element) or that the file checks refuse; `hold` marks it
`held` and opens an exceptions-list item (EdiException with `outbound`) saying which field of
which member and what a caseworker can do. The enrollment's later transactions wait behind it
(the insurer must get them in order). `release` is the caseworker's action: give a spelling
for the insurer, check it can be written, send the held transaction and the ones behind it.

Messages and details name fields and problems only, never the values (personal data).
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.core.transactions import atomic_action
from marketplace.edi import serialize
from marketplace.edi.enrollments import hooks
from marketplace.edi.models import EdiException, ExceptionKind, OutboundTransaction
from marketplace.edi.partners import writer_config
from x12 import X12WriteError
from x12.writer import unwritable

HELD, PENDING = OutboundTransaction.HELD, OutboundTransaction.PENDING
NAME_FIELDS = {"last name": "insurer_last_name", "first name": "insurer_first_name"}
NAME_LIMITS = {"last name": 60, "first name": 35}


@dataclass(frozen=True)
class Problem:
    """One unwritable field: which member (by EAMID), which field, what is wrong."""

    member_id: str
    field: str
    problem: str
    limit: int = 0

    def as_dict(self) -> dict:
        return {
            "member_id": self.member_id,
            "field": self.field,
            "problem": self.problem,
            "limit": self.limit,
        }


def problems_of(txn, errors: list[X12WriteError]) -> list[Problem]:
    out = []
    for error in errors:
        member = txn.members[error.member - 1].member_id if error.member else ""
        out.append(Problem(member, error.field, error.problem, error.limit))
    return out


def summary(problems: list[Problem]) -> str:
    """English, for the record; the page shows it in the reader's language (presentation)."""
    parts = [f"member {p.member_id} {p.field}: {p.problem.replace('_', ' ')}" for p in problems]
    return (
        "Held back, the other transactions went out. Cannot be written in the insurer's "
        f"character set: {'; '.join(parts)}. Give a spelling for the insurer, then send it."
    )


def hold(row_id: int, *, kind: str, problems: list[Problem] = (), errors: list[str] = ()):
    """Hold one pending transaction in the caller's transaction (the export's)."""
    row = OutboundTransaction.objects.select_related("enrollment", "issuer").get(pk=row_id)
    OutboundTransaction.objects.filter(pk=row.pk).update(status=HELD)
    if kind == ExceptionKind.UNWRITABLE:
        message = summary(problems)
    else:
        message = (
            "Held back, the other transactions went out. The 834 file checks refused this "
            "transaction (the errors are listed). Correct the enrollment, then send it again."
        )
    item = EdiException.objects.create(
        kind=kind,
        outbound=row,
        issuer_hios=row.issuer.hios_id,
        policy_id=row.enrollment.policy_id,
        subscriber_id=row.enrollment.subscriber_id,
        message=message,
        detail={
            "outbound": True,
            "transaction": row.kind,
            "problems": [p.as_dict() for p in problems],
            "errors": list(errors)[:50],
        },
    )
    audit.record(
        "edi.transaction_held",
        actor_label="edi-export",
        obj=row,
        kind=kind,
        fields=sorted({p.field for p in problems}),
        exception=item.pk,
    )
    return item


class ReleaseRefused(ValueError):
    """The spelling given still cannot be written; `problems` says where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(summary(problems))


def _spelling_problems(member_id: str, spellings: dict[str, str]) -> list[Problem]:
    from x12.text import Cleaner, has_letter

    clean = Cleaner("*^:~")
    out = []
    for field, value in spellings.items():
        written = clean(value)
        if not value.strip():
            continue  # blank: keep the automatic transliteration
        if not has_letter(written):
            out.append(Problem(member_id, field, "no_letters"))
        elif len(written) > NAME_LIMITS[field]:
            out.append(Problem(member_id, field, "too_long", NAME_LIMITS[field]))
    return out


def _respell(payload: dict, spellings: dict[str, dict[str, str]]) -> dict:
    members = []
    for member in payload.get("members", []):
        given = spellings.get(member.get("member_id"), {})
        member = dict(member)
        for field, value in given.items():
            if value.strip():
                member[field.replace(" ", "_")] = value.strip()
        members.append(member)
    return {**payload, "members": members}


@atomic_action
def release(item: EdiException, *, actor, spellings=None, ip_address=None) -> int:
    """Send a held transaction again, with `spellings` ({member_id: {"last name": ...,
    "first name": ...}}) kept on the enrollment members for this and every later 834.
    Returns how many transactions went back to pending; raises ReleaseRefused (nothing
    changed) when a transaction would still be unwritable."""
    from marketplace.edi.outbox import request_export

    spellings = spellings or {}
    item = EdiException.objects.select_for_update().get(pk=item.pk)
    if item.outbound_id is None or item.resolved_at is not None:
        return 0
    enrollment_id = item.outbound.enrollment_id
    refused = [
        p for member_id, given in spellings.items() for p in _spelling_problems(member_id, given)
    ]
    if refused:
        raise ReleaseRefused(refused)
    for member_id, given in spellings.items():
        changes = {NAME_FIELDS[f]: v.strip() for f, v in given.items() if v.strip()}
        if changes:
            hooks().respell(enrollment_id, member_id, changes)
    rows = list(
        OutboundTransaction.objects.select_for_update()
        .filter(enrollment_id=enrollment_id, status__in=[HELD, PENDING])
        .order_by("id")
    )
    still = _rewrite(rows, spellings)
    if still:  # raising rolls the spellings back: nothing changed
        raise ReleaseRefused(still)
    OutboundTransaction.objects.filter(pk__in=[r.pk for r in rows]).update(status=PENDING)
    EdiException.objects.filter(outbound__in=[r.pk for r in rows], resolved_at=None).update(
        resolved_at=clock.now(),
        resolved_by=actor,
        resolution="Sent again" + (" with a spelling for the insurer" if spellings else ""),
    )
    audit.record(
        "edi.transaction_released",
        actor=actor,
        obj=item.outbound,
        ip_address=ip_address,
        transactions=len(rows),
        respelled=sorted(spellings),
    )
    request_export()
    return len(rows)


def _rewrite(rows: list[OutboundTransaction], spellings) -> list[Problem]:
    """Put the spellings into every waiting payload; the problems any would still have."""
    problems: list[Problem] = []
    for row in rows:
        payload = _respell(row.payload, spellings) if spellings else row.payload
        txn = serialize.load(payload)
        problems += problems_of(txn, unwritable(txn, writer_config(row.issuer)))
        if payload is not row.payload:
            OutboundTransaction.objects.filter(pk=row.pk).update(payload=payload)
    return problems


@atomic_action
def resolve(item: EdiException, *, actor, note: str, ip_address=None) -> bool:
    """Close an inbound exception a person has worked (e.g. called the issuer), with what
    they did. A held outbound transaction is closed by sending it (`release`), never here:
    the insurer would miss it and everything behind it."""
    item = EdiException.objects.select_for_update().get(pk=item.pk)
    if item.resolved_at is not None or item.outbound_id is not None:
        return False
    item.resolved_at, item.resolved_by, item.resolution = clock.now(), actor, note
    item.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit.record("edi.exception_resolved", actor=actor, obj=item, ip_address=ip_address)
    return True
