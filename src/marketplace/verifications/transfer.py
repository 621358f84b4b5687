"""Medicaid/CHIP account transfer (45 CFR 155.302(b)(3), 155.345(a)): every member the
determination assesses as eligible for Medicaid or CHIP is referred to the state Medicaid
agency. `refer_to_medicaid` writes one referral row per member in the submission's
transaction (start_verifications calls it); `export` writes the unsent rows to a JSON Lines
file and marks them sent, exactly once. The record format follows the spirit of the CMS
Account Transfer (AT) schema; docs/adr/0700-notices-and-verification.md describes it.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from marketplace.applications.rules_input import ordered_members
from marketplace.audit import log as audit
from marketplace.core import bulk, clock, crypto
from marketplace.core.errors import summary
from marketplace.core.files import private_dir, private_file
from marketplace.core.states import state_name
from marketplace.jobs import worklist
from marketplace.jobs.models import Source
from marketplace.verifications.models import MedicaidReferral, Program

FORMAT = "marketplace-account-transfer/1"


def _record(application, determination, member, index: int, program: str, outcome: dict) -> dict:
    result = determination.result
    snapshot = determination.input_snapshot
    return {
        "format": FORMAT,
        "application": {
            "id": str(application.public_id),
            "determination_id": str(determination.public_id),
            "determination_date": determination.created_at.date().isoformat(),
            "coverage_year": result.get("year"),
            "state": result.get("state") or application.state,
            "rules_version": determination.rules_version,
        },
        "person": {
            "member_id": str(member.public_id) if member else None,
            "first_name": member.first_name if member else outcome.get("name"),
            "last_name": member.last_name if member else "",
            "date_of_birth": member.date_of_birth.isoformat() if member else None,
            "sex": member.sex if member else None,
            "relationship": outcome.get("relationship"),
            "age": outcome.get("age"),
            "ssn_last4": member.ssn[-4:] if member is not None and member.has_ssn else None,
        },
        "household": {
            "size": result.get("household_size"),
            "annual_income": snapshot.get("income"),
            "monthly_income": snapshot.get("monthly_income"),
            "fpl_percent": result.get("fpl_percent"),
            "medicaid_fpl_percent": result.get("medicaid_fpl_percent"),
            "poverty_guideline": result.get("poverty_guideline"),
            "members": [
                {"name": m.get("name"), "age": m.get("age"), "relationship": m.get("relationship")}
                for m in result.get("members", [])
            ],
        },
        "address": {
            "street": application.street,
            "city": application.city,
            "state": application.state,
            "zipcode": application.zipcode,
            "countyfips": application.countyfips,
        },
        "assessment": {
            "program": program,
            "assessed_eligible": True,
            "medicaid_program": outcome.get("medicaid_program"),
            "reasons": outcome.get("reasons", []),
        },
    }


def refer_to_medicaid(application, determination, actor=None) -> list[MedicaidReferral]:
    """One referral per member assessed eligible for Medicaid or CHIP; calling it twice for
    the same determination refers nobody twice."""
    members = ordered_members(application)
    referrals = []
    # In the submission's or renewal's transaction: a savepoint; that transaction is what
    # runs again after a deadlock (ADR 1704).
    with transaction.atomic():
        for index, member, program, outcome in _assessed(determination, members):
            referral, created = MedicaidReferral.objects.get_or_create(
                determination=determination,
                member_index=index,
                defaults={
                    "application": application,
                    "member": member,
                    "program": program,
                    "record": _record(application, determination, member, index, program, outcome),
                },
            )
            if created:
                audit.record("medicaid.referred", actor=actor, obj=referral, program=program)
            referrals.append(referral)
    return referrals


def refer_new_to_medicaid(submitted, actor=None) -> list[MedicaidReferral]:
    """`refer_to_medicaid` for a batch of new determinations, none referred yet
    (applications/batch.py): `submitted` holds (application, determination, members in the
    determination's order). The same rows and audit rows, a few statements in all."""
    referrals = [
        bulk.new(
            MedicaidReferral,
            determination=determination,
            member_index=index,
            application=application,
            member=member,
            program=program,
            record=_record(application, determination, member, index, program, outcome),
        )
        for application, determination, members in submitted
        for index, member, program, outcome in _assessed(determination, members)
    ]
    # In the batch submission's transaction (applications/batch.py): a savepoint.
    with transaction.atomic():
        bulk.insert(referrals)
        audit.record_many(
            [
                audit.unsaved("medicaid.referred", actor=actor, obj=r, program=r.program)
                for r in referrals
            ]
        )
    return referrals


def _assessed(determination, members):
    """(index, member, program, outcome) of each member assessed eligible for Medicaid or
    CHIP (45 CFR 155.302(b)), `members` in the determination's order."""
    for index, outcome in enumerate(determination.result.get("members", [])):
        if outcome.get("medicaid"):
            program = Program.MEDICAID
        elif outcome.get("chip"):
            program = Program.CHIP
        else:
            continue
        yield index, members[index] if index < len(members) else None, program, outcome


def _line(referral: MedicaidReferral) -> dict:
    record = dict(referral.record)
    record["transfer_id"] = str(referral.public_id)
    record["referred_at"] = referral.created_at.isoformat()
    if settings.MARKETPLACE_TRANSFER_FULL_SSN and referral.member and referral.member.has_ssn:
        record["person"] = {**record["person"], "ssn": referral.member.ssn}
    return record


def _lines(pending: list[MedicaidReferral]) -> tuple[list[MedicaidReferral], list[str]]:
    """(the referrals written, their JSON lines). A referral that cannot be written (its SSN
    no longer decrypts, its record no longer serialises) stays unsent and goes on the
    exceptions list; the others go out. It is tried again with every export."""
    written, lines = [], []
    for referral in pending:
        try:
            lines.append(json.dumps(_line(referral), sort_keys=True) + "\n")
        except (ValueError, TypeError, AttributeError) as exc:
            _report_unwritable(referral, exc)
        else:
            written.append(referral)
    return written, lines


def _report_unwritable(referral: MedicaidReferral, exc: Exception) -> None:
    unreadable = isinstance(exc, crypto.UnreadableField)
    hint = (
        "The member's SSN no longer decrypts: a key was taken out of MARKETPLACE_FIELD_KEY. "
        "Put the old key back after the new one (keys rotate: the first encrypts, all "
        "decrypt)."
        if unreadable
        else "Its stored record cannot be written; ask the technical team."
    )
    worklist.report(
        Source.MEDICAID_TRANSFER,
        "ssn_unreadable" if unreadable else "bad_record",
        f"Medicaid/CHIP referral {referral.public_id} was left out of the account-transfer "
        f"file ({summary(exc)}); the other referrals went out. {hint} It is sent with the "
        "next export once it can be written; close this item when it has gone.",
        obj=referral,
    )


def export(directory: Path) -> tuple[int, Path | None]:
    """Write every unsent referral to one new file under `directory` and mark them sent.
    Returns (how many, the file) - (0, None) when nothing was waiting (or none could be
    written: those are on the exceptions list)."""
    directory = private_dir(directory)
    # Not run again after a deadlock (ADR 1704): the transfer file is written inside this
    # transaction; an operator's command, which a deadlock stops with nothing marked sent.
    with transaction.atomic():
        pending = list(
            MedicaidReferral.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True)
            .select_related("member")
            .order_by("created_at", "id")
        )
        pending, lines = _lines(pending)
        if not pending:
            return 0, None
        now = clock.now()
        batch = f"{settings.MARKETPLACE_STATE}-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        path = directory / f"medicaid-transfer-{batch}.jsonl"
        temporary = path.with_suffix(".jsonl.part")
        with private_file(temporary, "w") as out:
            out.writelines(lines)
            out.flush()
            os.fsync(out.fileno())
        MedicaidReferral.objects.filter(pk__in=[r.pk for r in pending]).update(
            sent_at=now, batch=batch
        )
        audit.record(
            "medicaid.transfer_exported",
            actor_label="medicaid-transfer-export",
            batch=batch,
            count=len(pending),
            recipient=f"{state_name(settings.MARKETPLACE_STATE)} Medicaid agency",
        )
        temporary.rename(path)  # the file appears only with the rows marked sent
    return len(pending), path
