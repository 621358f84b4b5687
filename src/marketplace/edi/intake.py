"""Inbound 834s from issuers (docs/puf-and-834.md B.6): effectuations and issuer cancellations and
terminations update enrollments; anything unknown or conflicting becomes an `EdiException`
(never silently dropped).

One file = one database transaction: either every record of the file is applied or listed
as an exception, with the `InboundFile` row, or nothing is (a crash leaves the file to be
read again). A file already read (same SHA-256) is skipped.

Accepted (CG Table 16): an effectuation (021/28) on a transmitted (or already effectuated)
policy, with our begin date and plan; a cancellation (024, end <= begin) on a transmitted or
effectuated policy; a termination (024) on an effectuated policy that only moves the end date
earlier.

Payment-status files (`<HIOS>.DSH.PAYSTAT...`: a premium missed or paid) in the same folder
go to `edi/payment_status.py`, which opens and closes grace periods for non-payment.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from marketplace.edi import payment_status
from marketplace.edi.enrollments import hooks
from marketplace.edi.models import EdiException, ExceptionKind, InboundFile
from x12 import EnrollmentTransaction, X12ReadError, read_834
from x12.validate import companion_errors, validate_834


@dataclass
class ImportResult:
    files: int = 0
    skipped: int = 0
    applied: int = 0
    exceptions: int = 0
    names: list[str] = field(default_factory=list)


def _exception(file, kind, message, txn: EnrollmentTransaction | None = None, **detail):
    return EdiException.objects.create(
        inbound_file=file,
        file_name=file.name if file else "",
        issuer_hios=(txn.issuer_hios_id or "") if txn else (file.issuer_hios if file else ""),
        kind=kind,
        policy_id=txn.policy_id if txn else "",
        subscriber_id=txn.subscriber_id if txn else "",
        message=message,
        detail=detail,
    )


def import_directory(folder: Path | str) -> ImportResult:
    result = ImportResult()
    folder = Path(folder)
    if not folder.exists():
        return result
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        # The issuer's payment-status files (missed and late premiums) sit beside its 834s.
        reader = payment_status.import_file if payment_status.is_payment_status(path) else None
        outcome = (reader or import_file)(path)
        if outcome is None:
            result.skipped += 1
            continue
        result.files += 1
        result.applied += outcome.applied_count
        result.exceptions += outcome.exception_count
        result.names.append(path.name)
    return result


@transaction.atomic
def import_file(path: Path | str) -> InboundFile | None:
    """Read one issuer file; None when it was read before."""
    path = Path(path)
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if InboundFile.objects.filter(sha256=digest).exists():
        return None
    text = raw.decode("ascii", errors="replace")
    record = InboundFile.objects.create(name=path.name, sha256=digest)
    errors = (
        validate_834(text).errors if settings.EDI_VALIDATION == "pyx12" else companion_errors(text)
    )
    try:
        sets = read_834(text).sets if not errors else []
    except X12ReadError as exc:
        errors = [str(exc)]
    if errors:
        _exception(record, ExceptionKind.INVALID_FILE, "; ".join(errors[:5]), errors=errors[:50])
        record.exception_count = 1
        record.save()
        return record
    for st in sets:
        for txn in st.transactions:
            record.transaction_count += 1
            record.issuer_hios = record.issuer_hios or (txn.issuer_hios_id or "")
            if apply(record, txn):
                record.applied_count += 1
            else:
                record.exception_count += 1
    record.save()
    return record


def apply(file: InboundFile, txn: EnrollmentTransaction) -> bool:
    """Apply one record; False when it became an exception."""
    enrollment = hooks().by_policy(txn.policy_id)
    if enrollment is None:
        _exception(file, ExceptionKind.UNKNOWN_POLICY, f"no policy {txn.policy_id}", txn)
        return False
    problems = []
    if enrollment.subscriber_id != txn.subscriber_id:
        problems.append(f"subscriber {txn.subscriber_id} is not ours ({enrollment.subscriber_id})")
    if txn.issuer_hios_id and txn.issuer_hios_id != enrollment.issuer.hios_id:
        problems.append(f"issuer {txn.issuer_hios_id} does not hold this policy")
    if txn.plan_id and txn.plan_id != enrollment.plan_id:
        problems.append(f"plan {txn.plan_id} differs from ours ({enrollment.plan_id})")
    if problems:
        _exception(file, ExceptionKind.CONFLICT, "; ".join(problems), txn)
        return False
    if txn.is_effectuation:
        return _effectuate(file, enrollment, txn)
    if txn.maintenance_type == "024":
        return _end(file, enrollment, txn)
    _exception(
        file,
        ExceptionKind.UNSUPPORTED,
        f"maintenance {txn.maintenance_type}/{txn.maintenance_reason or ''} "
        f"({txn.additional_maintenance_reason or ''}) is not processed",
        txn,
    )
    return False


def _effectuate(file, enrollment, txn: EnrollmentTransaction) -> bool:
    if txn.coverage_start != enrollment.coverage_start:
        _exception(
            file,
            ExceptionKind.CONFLICT,
            f"begin date {txn.coverage_start} differs from ours ({enrollment.coverage_start})",
            txn,
        )
        return False
    if not enrollment.allowed("effectuate"):
        _exception(
            file,
            ExceptionKind.NOT_ALLOWED,
            f"effectuation of a policy that is {enrollment.status}",
            txn,
        )
        return False
    ours = {m.member_id for m in enrollment.members.all()}
    theirs = {m.member_id for m in txn.members}
    if not theirs <= ours:
        _exception(file, ExceptionKind.CONFLICT, f"unknown members {sorted(theirs - ours)}", txn)
        return False
    hooks().effectuate(
        enrollment,
        paid_through=txn.paid_through_date,
        issuer_policy_id=txn.issuer_policy_id or "",
        issuer_subscriber_id=txn.issuer_subscriber_id or "",
        issuer_member_ids={m.member_id: m.issuer_member_id for m in txn.members},
        file_name=file.name,
    )
    return True


def _end(file, enrollment, txn: EnrollmentTransaction) -> bool:
    end = txn.coverage_end
    cancel = end is not None and end <= enrollment.coverage_start
    event = "issuer_cancel" if cancel else "issuer_terminate"
    if end is None or not enrollment.allowed(event):
        _exception(
            file,
            ExceptionKind.NOT_ALLOWED,
            f"{'cancellation' if cancel else 'termination'} of a policy that is "
            f"{enrollment.status}",
            txn,
        )
        return False
    if enrollment.coverage_end is not None and end > enrollment.coverage_end:
        _exception(
            file,
            ExceptionKind.CONFLICT,
            f"an issuer termination may only move the end date earlier "
            f"({end} > {enrollment.coverage_end})",
            txn,
        )
        return False
    hooks().issuer_end(
        enrollment,
        end=end,
        reason=str(txn.maintenance_reason or ""),
        amrc=txn.additional_maintenance_reason or "",
        file_name=file.name,
    )
    return True
