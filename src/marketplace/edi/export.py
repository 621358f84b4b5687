"""Pending outbound 834 transactions -> files per issuer (what the worker job and
`marketplace edi-export --out DIR` both run).

For each issuer, oldest pending first, up to EDI_TRANSACTIONS_PER_FILE per file, in ONE
database transaction per file:

1. lock the pending rows and take ISA13/GS06/ST02 from the database sequences (never
   repeating, CG §3.1; a rollback gives them back);
2. write the interchange (x12.write_834) to a temporary name in DIR/<HIOS>/ and fsync it;
3. validate it (settings.EDI_VALIDATION: pyx12 + companion guide by default);
4. rename it to its final name (atomic on one file system);
5. record the OutboundFile, mark its rows sent with the file, move the enrollments whose
   initial 834 went out to `transmitted` (with their audit rows), commit.

One bad transaction stops nobody else's: before writing, a transaction the writer would
refuse (x12.writer.unwritable: e.g. a name with no letter the X12 character set can carry)
is held on the exceptions list (edi/held.py) and the file is written without it; when a
written file fails validation, halving the set finds the transactions to blame, they are
held the same way, and the rest are written again. Only a file that fails as a whole (no
single transaction to blame) is rejected for that issuer, as before. Files are 0600 in
0700 folders (core/files.py).

Crash safety: a crash before the commit rolls the database back, so the rows stay pending
and the sequences give the same control numbers again. The interchange date/time is the
first row's `created_at` and the name depends only on it, the issuer and ISA13, so the re-run
writes byte-for-byte the same file under the same name (replacing any leftover): every
transaction goes out exactly once. Deliberate crashes for the tests (core/crashpoints.py,
MARKETPLACE_CRASH_AT): `edi.export.write:<bytes>` (SIGKILL after writing that many bytes of
the temporary file) or `edi.export.after_rename` (after the rename, before the commit).
"""

from __future__ import annotations

import gc
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.catalog.models import Issuer
from marketplace.core import crashpoints
from marketplace.core.files import private_dir, private_file
from marketplace.edi import held as held_834s
from marketplace.edi import sequences, serialize
from marketplace.edi.enrollments import hooks
from marketplace.edi.models import EdiException, ExceptionKind, OutboundFile, OutboundTransaction
from marketplace.edi.partners import tenant_id, writer_config
from x12 import ControlNumbers, WriterConfig, write_834
from x12.companion import check_transaction
from x12.validate import companion_errors, validate_834
from x12.writer import unwritable

PENDING, SENT, HELD = (
    OutboundTransaction.PENDING,
    OutboundTransaction.SENT,
    OutboundTransaction.HELD,
)
CHUNK = 900  # ids per IN (...) clause, under SQLite's parameter limit


class FileRejected(Exception):
    """The file failed validation: nothing was marked sent."""

    def __init__(self, issuer: str, errors: list[str]):
        self.issuer, self.errors = issuer, errors
        super().__init__(f"834 for issuer {issuer} failed validation: {errors[:3]}")


@dataclass
class ExportResult:
    transactions: int = 0
    files: int = 0
    paths: list[Path] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    held: int = 0  # transactions held back on the exceptions list (edi/held.py)


def file_name(issuer_hios: str, interchange: int, created) -> str:
    """CG §3.4 outbound naming with the ISA13 added: <sender>.<TPID>.I834.<ISA13>.D.T.<P|T>."""
    return (
        f"{tenant_id()}.{issuer_hios}.I834.{interchange:09d}."
        f"D{created:%y%m%d}.T{created:%H%M%S}.{settings.EDI_USAGE}"
    )


def _write(path: Path, text: str) -> None:
    data = text.encode("ascii")
    with private_file(path) as handle:
        cut = crashpoints.armed_value("edi.export.write")
        if cut:  # a test's or a drill's crash halfway through the file
            handle.write(data[: int(cut)])
            handle.flush()
            os.fsync(handle.fileno())
            crashpoints.die("edi.export.write")
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _validate(text: str, txns, mode: str) -> list[str]:
    if mode == "pyx12":
        return validate_834(text).errors
    if mode == "companion":
        return companion_errors(text)
    errors = []
    for index, txn in enumerate(txns, start=1):
        errors.extend(check_transaction(txn, f"transaction {index} (policy {txn.policy_id})"))
    if text.count("~ST*") != text.count("~SE*") or not text.rstrip().endswith("~"):
        errors.append("interchange is not closed")
    return errors


def _pending(issuer: Issuer, per_file: int) -> list[tuple]:
    """The issuer's oldest pending rows, locked; an enrollment with a held transaction
    waits behind it (its 834s must reach the insurer in order)."""
    waiting = OutboundTransaction.objects.filter(status=HELD).values("enrollment_id")
    return list(
        OutboundTransaction.objects.select_for_update()
        .filter(issuer=issuer, status=PENDING)
        .exclude(enrollment_id__in=waiting)
        .order_by("id")
        .values_list("id", "enrollment_id", "kind", "created_at", "payload")[:per_file]
    )


def _loaded(rows: list[tuple]) -> tuple[list[tuple], list, int]:
    """(rows, their transactions, how many were held): a stored payload that no longer
    reads back (hand-edited, or from an older model) is held, not allowed to stop the file."""
    kept, txns, held = [], [], 0
    for row in rows:
        try:
            txns.append(serialize.load(row[4]))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # The exception's text may quote a value: only its type is kept.
            reason = f"the stored transaction cannot be read back ({type(exc).__name__})"
            held_834s.hold(row[0], kind=ExceptionKind.REFUSED, errors=[reason])
            held += 1
        else:
            kept.append(row)
    return kept, txns, held


def _hold_unwritable(rows: list[tuple], txns: list, config: WriterConfig) -> int:
    """Hold every transaction the writer would refuse (x12.writer.unwritable); how many."""
    held = 0
    for row, txn in zip(rows, txns, strict=True):
        errors = unwritable(txn, config)
        if errors:
            problems = held_834s.problems_of(txn, errors)
            held_834s.hold(row[0], kind=ExceptionKind.UNWRITABLE, problems=problems)
            held += 1
    return held


def _culprits(txns: list, config: WriterConfig, mode: str, created) -> list[tuple[int, list]]:
    """Which transactions make the file fail its checks, found by halving the set (about
    2 log2(n) small validations): [(index, errors)]. Empty when no single one is to blame."""
    probe = ControlNumbers(interchange=1, group=1)

    def errors(indexes: list[int]) -> list[str]:
        subset = [txns[i] for i in indexes]
        return _validate(write_834(subset, config, probe, created), subset, mode)

    def search(indexes: list[int]) -> list[tuple[int, list]]:
        found = errors(indexes)
        if not found:
            return []
        if len(indexes) == 1:
            return [(indexes[0], found)]
        middle = len(indexes) // 2
        return search(indexes[:middle]) + search(indexes[middle:])

    everyone = list(range(len(txns)))
    middle = len(everyone) // 2
    if middle == 0:
        return []  # one transaction alone: nothing to compare it with
    return search(everyone[:middle]) + search(everyone[middle:])


def _export_one(issuer: Issuer, out_dir: Path, per_file: int, mode: str) -> tuple | None:
    """Write, validate, rename and record one file: (path, count); None when nothing is
    pending; (None, n) when it held n transactions back instead (the caller calls again)."""
    config = writer_config(issuer)
    with transaction.atomic():
        rows = _pending(issuer, per_file)
        if not rows:
            return None
        rows, txns, held = _loaded(rows)
        held += _hold_unwritable(rows, txns, config)
        if held:
            return None, held
        created = timezone.localtime(rows[0][3]).replace(tzinfo=None, microsecond=0)
        try:
            with transaction.atomic():  # a refused file gives its control numbers back
                final, text, control, sets = _write_file(issuer, txns, out_dir, mode, created)
        except FileRejected:
            culprits = _culprits(txns, config, mode, created)
            if len(culprits) in (0, len(txns)):
                raise  # the file as a whole is wrong (or everything is): not one transaction
            for index, errors in culprits:
                held_834s.hold(rows[index][0], kind=ExceptionKind.REFUSED, errors=errors)
            return None, len(culprits)
        record = OutboundFile.objects.create(
            issuer=issuer,
            name=final.name,
            interchange_control=control.interchange,
            group_control=control.group,
            first_set_control=control.first_set,
            set_count=sets,
            transaction_count=len(txns),
            member_count=sum(len(t.members) for t in txns),
            size=len(text),
            sha256=hashlib.sha256(text.encode("ascii")).hexdigest(),
            created=timezone.make_aware(created),
            validation=mode,
        )
        ids = [row[0] for row in rows]
        for start in range(0, len(ids), CHUNK):
            OutboundTransaction.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                status=SENT, file=record
            )
        additions = [row[1] for row in rows if row[2] == "addition"]
        hooks().mark_transmitted(additions, final.name)
        return final, len(rows)


def _write_file(issuer: Issuer, txns: list, out_dir: Path, mode: str, created) -> tuple:
    """Take the control numbers, write the temporary file, validate it, rename it."""
    sets = -(-len(txns) // 5000)
    control = ControlNumbers(
        interchange=sequences.take(sequences.INTERCHANGE),
        group=sequences.take(sequences.GROUP),
        first_set=sequences.take(sequences.SET, sets),
    )
    text = write_834(txns, writer_config(issuer), control, created)
    name = file_name(issuer.hios_id, control.interchange, created)
    folder = out_dir / issuer.hios_id
    private_dir(folder)
    temporary = folder / f".{name}.partial"
    _write(temporary, text)
    errors = _validate(text, txns, mode)
    if errors:
        temporary.unlink(missing_ok=True)
        raise FileRejected(issuer.hios_id, errors)
    final = folder / name
    os.replace(temporary, final)
    crashpoints.crash_point("edi.export.after_rename")
    return final, text, control, sets


def export_pending(
    out_dir: Path | str | None = None,
    *,
    validation: str | None = None,
    per_file: int | None = None,
) -> ExportResult:
    """Write every pending transaction into files under `out_dir`/<HIOS>/."""
    out = Path(out_dir) if out_dir else settings.EDI_DIR / "outbox"
    mode = validation or settings.EDI_VALIDATION
    size = per_file or settings.EDI_TRANSACTIONS_PER_FILE
    result = ExportResult()
    issuer_ids = sorted(
        set(OutboundTransaction.objects.filter(status=PENDING).values_list("issuer_id", flat=True))
    )
    gc.freeze()  # the writer makes millions of small objects: no collections while writing
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for issuer in Issuer.objects.filter(pk__in=issuer_ids).order_by("hios_id"):
            while True:
                try:
                    done = _export_one(issuer, out, size, mode)
                except FileRejected as exc:
                    EdiException.objects.create(
                        kind=ExceptionKind.INVALID_FILE,
                        issuer_hios=issuer.hios_id,
                        message=str(exc),
                        detail={"errors": exc.errors[:50], "outbound": True},
                    )
                    result.rejected.append(issuer.hios_id)
                    break
                if done is None:
                    break
                path, count = done
                if path is None:  # held some back: the rest go in the next file
                    result.held += count
                    continue
                result.paths.append(path)
                result.files += 1
                result.transactions += count
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()
    return result
