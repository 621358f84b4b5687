"""Queue an outbound 834 transaction in the caller's transaction (the transactional outbox).

The enrollment action calls `queue(...)` inside its own `transaction.atomic()`: the change
and its 834 commit together or not at all. The export (edi/export.py) turns pending rows into
files; a worker job is queued here too so the worker picks them up without a timer.
"""

from __future__ import annotations

from django.db import transaction

from marketplace.core import bulk, clock
from marketplace.edi import serialize
from marketplace.edi.models import Kind, OutboundTransaction
from marketplace.jobs.models import Job, JobStatus
from marketplace.jobs.queue import enqueue
from x12 import EnrollmentTransaction

EXPORT_JOB = "edi.export"


def kind_of(txn: EnrollmentTransaction) -> str:
    if txn.maintenance_type == "021":
        return Kind.ADDITION
    if txn.maintenance_type == "001":
        return Kind.CHANGE
    if txn.maintenance_type == "025":
        return Kind.REINSTATEMENT
    if txn.subscriber is None:  # a dependent's 024: the policy goes on (docs/puf-and-834.md B.3)
        return Kind.REMOVAL
    return Kind.CANCELLATION if txn.is_cancellation else Kind.TERMINATION


def queue(enrollment, txn: EnrollmentTransaction) -> OutboundTransaction | None:
    """The 834 `txn` for `enrollment`, in the caller's transaction. An enrollment held for
    the documents of its special enrollment period (`pended`, 45 CFR 155.420(g)) is unknown
    to the issuer: nothing is queued (None); its initial 834, when it is released, carries
    the policy as it is then."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue an 834 only inside the enrollment change's transaction")
    if getattr(enrollment, "pended", False):
        return None
    row = _row(enrollment, txn)
    row.save()
    request_export()
    return row


def queue_many(changes: list[tuple[object, EnrollmentTransaction]]) -> list[OutboundTransaction]:
    """`queue` for a batch of enrollment changes (enrollment, its 834) in the caller's
    transaction: one statement for the rows, one export job. As `queue`, an enrollment held
    for its period's documents is left out."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue an 834 only inside the enrollment change's transaction")
    rows = [
        _row(enrollment, txn)
        for enrollment, txn in changes
        if not getattr(enrollment, "pended", False)
    ]
    bulk.insert(rows)
    if rows:
        request_export()
    return rows


def _row(enrollment, txn: EnrollmentTransaction) -> OutboundTransaction:
    return bulk.new(
        OutboundTransaction,
        enrollment=enrollment,
        issuer_id=enrollment.issuer_id,
        kind=kind_of(txn),
        maintenance_type=str(txn.maintenance_type),
        maintenance_reason=str(txn.maintenance_reason or ""),
        additional_reason=txn.additional_maintenance_reason or "",
        payload=serialize.dump(txn),
        created_at=clock.now(),  # the 834 file's date and time (ISA09/10, GS04/05)
        determination_id=getattr(enrollment, "determination_id", None),
        benchmark_premium=getattr(enrollment, "benchmark_premium", None),
    )


def request_export() -> None:
    """Queue an export job in the caller's transaction. One waiting export job is enough
    however many changes queue 834s (the job exports everything pending); a job already
    running may have missed the new rows, so queue anew."""
    if not Job.objects.filter(kind=EXPORT_JOB, status=JobStatus.PENDING).exists():
        enqueue(EXPORT_JOB, {})
