"""The issuer's payment-status file: how the exchange learns that a premium was not paid, or
was paid after all (docs/adr/0804-non-payment-grace-periods.md).

Why a file and not an 834: in the CMS companion guide an issuer's inbound 834s are
effectuations (021/28 with the paid-through date DTP*543), cancellations and terminations
(024, e.g. 59 non-payment after the grace period the issuer ran) and reinstatements (025);
"issuers can only send maintenance to change their own IDs" (docs/puf-and-834.md B.6 step 3). No
inbound 834 says "this premium is overdue". The issuer's regular per-policy report to the
exchange is the reconciliation snapshot (RCNI, pipe-delimited, B.6 step 7), which carries
each policy's paid-through date, as our stand-in for it does (`issuer_simulator.AUDIT_FIELDS`).
So the issuer sends the same kind of pipe-delimited per-policy file whenever a payment is
missed or made, naming the policy, the paid-through date and the status:

    POLICY ID|SUBSCRIBER ID|ISSUER POLICY ID|PAYMENT STATUS|PAID THROUGH DATE
    P0000001234|S0000001233|12345XP0000001234|DELINQUENT|20260131

- `DELINQUENT`: the premium for the month after PAID THROUGH DATE was not paid by its due
  date: a grace period starts (enrollment/grace.py).
- `PAID`: premiums are paid through PAID THROUGH DATE: the grace period ends, or a policy
  the exchange ended for non-payment is reinstated, when that covers what was owed.

File name: `<HIOS>.DSH.PAYSTAT.D<yymmdd>.T<hhmmss><nnn>.T` beside the issuer's 834s (the
CG §3.4 pattern with PAYSTAT for IC834); `edi/intake.import_directory` sends it here. One
file = one database transaction, read once (SHA-256, as 834s); a row that cannot be applied
becomes an `EdiException` (unknown policy, conflict, not allowed), never dropped.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from marketplace.edi.enrollments import hooks
from marketplace.edi.models import EdiException, ExceptionKind, InboundFile

MARKER = ".PAYSTAT."
COLUMNS = ["POLICY ID", "SUBSCRIBER ID", "ISSUER POLICY ID", "PAYMENT STATUS", "PAID THROUGH DATE"]
DELINQUENT, PAID = "DELINQUENT", "PAID"


def is_payment_status(path: Path) -> bool:
    return MARKER in path.name


def write(path: Path | str, rows: list[dict]) -> Path:
    """Write a payment-status file (the issuer's side; the simulator uses it)."""
    lines = ["|".join(COLUMNS)]
    for row in rows:
        lines.append(
            "|".join(
                [
                    row["policy_id"],
                    row["subscriber_id"],
                    row.get("issuer_policy_id", ""),
                    row["status"],
                    row["paid_through"].strftime("%Y%m%d"),
                ]
            )
        )
    path = Path(path)
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


def _exception(file: InboundFile, kind: str, message: str, policy: str = "", subscriber: str = ""):
    EdiException.objects.create(
        inbound_file=file,
        file_name=file.name,
        issuer_hios=file.issuer_hios,
        kind=kind,
        policy_id=policy,
        subscriber_id=subscriber,
        message=message,
    )


def _parse(line: str) -> tuple[dict | None, str]:
    cells = [c.strip() for c in line.split("|")]
    if len(cells) != len(COLUMNS):
        return None, f"{len(cells)} fields, not {len(COLUMNS)}"
    row = dict(
        zip(
            ["policy_id", "subscriber_id", "issuer_policy_id", "status", "paid"], cells, strict=True
        )
    )
    if row["status"] not in (DELINQUENT, PAID):
        return None, f"PAYMENT STATUS must be {DELINQUENT} or {PAID}"
    try:
        row["paid_through"] = datetime.strptime(row["paid"], "%Y%m%d").date()
    except ValueError:
        return None, "PAID THROUGH DATE is not CCYYMMDD"
    return row, ""


@transaction.atomic
def import_file(path: Path | str) -> InboundFile | None:
    """Read one payment-status file; None when it was read before."""
    path = Path(path)
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if InboundFile.objects.filter(sha256=digest).exists():
        return None
    record = InboundFile.objects.create(
        name=path.name, sha256=digest, issuer_hios=path.name.split(".", 1)[0][:5]
    )
    lines = raw.decode("ascii", errors="replace").splitlines()
    if not lines or [c.strip() for c in lines[0].split("|")] != COLUMNS:
        _exception(
            record,
            ExceptionKind.INVALID_FILE,
            "the first line must name the columns " + "|".join(COLUMNS),
        )
        record.exception_count = 1
        record.save()
        return record
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        record.transaction_count += 1
        if apply(record, line, number):
            record.applied_count += 1
        else:
            record.exception_count += 1
    record.save()
    return record


def apply(file: InboundFile, line: str, number: int) -> bool:
    """Apply one row; False when it became an exception."""
    row, problem = _parse(line)
    if row is None:
        _exception(file, ExceptionKind.INVALID_FILE, f"line {number}: {problem}")
        return False
    policy, subscriber = row["policy_id"], row["subscriber_id"]
    enrollment = hooks().by_policy(policy)
    if enrollment is None:
        _exception(file, ExceptionKind.UNKNOWN_POLICY, f"no policy {policy}", policy, subscriber)
        return False
    problems = []
    if enrollment.subscriber_id != subscriber:
        problems.append(f"subscriber {subscriber} is not ours ({enrollment.subscriber_id})")
    if file.issuer_hios and file.issuer_hios != enrollment.issuer.hios_id:
        problems.append(f"issuer {file.issuer_hios} does not hold this policy")
    if problems:
        _exception(file, ExceptionKind.CONFLICT, "; ".join(problems), policy, subscriber)
        return False
    return _record(file, enrollment, row)


def _record(file: InboundFile, enrollment, row: dict) -> bool:
    paid_through: date = row["paid_through"]
    refused = hooks().report_payment(
        enrollment,
        delinquent=row["status"] == DELINQUENT,
        paid_through=paid_through,
        source=file.name,
    )
    if refused:
        _exception(
            file,
            ExceptionKind.NOT_ALLOWED,
            f"{row['status'].lower()} report on {refused}",
            enrollment.policy_id,
            enrollment.subscriber_id,
        )
        return False
    return True
