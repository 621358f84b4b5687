"""The year's Form 1095-A run (`marketplace form-1095a --year YEAR --out DIR`, docs/contracts.md
4.10).

Three steps, each resumable and idempotent like any batch:

1. `issue_forms`: every policy of the year gets its statement from stored records
   (collect.py); a policy without a form gets an `original`; one whose figures changed since
   its last form gets a `corrected` (or a `void` when it now covered nobody: cancelled); an
   unchanged one gets nothing. Forms are written in chunks, one transaction each, with their
   audit rows; a re-run after a kill finds the chunks already written unchanged. A policy
   whose records cannot be read goes on the exceptions list (jobs/worklist.py); the rest go on.
2. In the same pass, the annual report of the same figures (datafile.py): the latest form of
   every policy, rewritten whole each run (same forms, same file; record numbers are
   `record_number(policy, sequence)`, stable across runs).
3. `write_documents`: each form without its PDF becomes a notice in the person's language
   (document.py), rendered now, in the message center and mailed to people who chose paper
   (notices app), and is written to DIR/pdf/; one transaction per form.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, connections, transaction
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.core import batch_collector, children, clock
from marketplace.enrollment.models import Enrollment
from marketplace.form1095a import collect, datafile, document
from marketplace.form1095a.models import Form1095A, FormKind
from marketplace.form1095a.statement import serialized
from marketplace.jobs import worklist
from marketplace.jobs.models import Source
from marketplace.notices.actions import issue_notice
from marketplace.notices.jobs import render_notice
from marketplace.notices.models import NoticeStatus


@dataclass
class Counts:
    policies: int = 0
    original: int = 0
    corrected: int = 0
    void: int = 0
    unchanged: int = 0
    without_coverage: int = 0
    exceptions: int = 0
    pdfs: int = 0
    records: int = 0
    data_file: str = ""
    failed_ids: list[int] = field(default_factory=list)


def _latest(year: int, ids: list[int]) -> dict[int, tuple[int, str, str]]:
    """enrollment id -> (sequence, kind, sha256) of its latest form of `year`."""
    latest = {}
    rows = (
        Form1095A.objects.filter(year=year, enrollment_id__gte=ids[0], enrollment_id__lte=ids[-1])
        .order_by("enrollment_id", "sequence")
        .values_list("enrollment_id", "sequence", "kind", "sha256")
    )
    for enrollment_id, sequence, kind, sha in rows:
        latest[enrollment_id] = (sequence, kind, sha)
    return latest


def _decide(previous, figures, sha: str) -> str | None:
    """Which form is due: original, corrected, void or None (nothing to send)."""
    if previous is None:
        return FormKind.ORIGINAL if figures is not None else None
    _, kind, last = previous
    if figures is None:
        return None if kind == FormKind.VOID else FormKind.VOID
    return None if last == sha and kind != FormKind.VOID else FormKind.CORRECTED


def _report(enrollment_id: int, policy_id: str, error: Exception) -> None:
    worklist.report(
        Source.NOTICE_RENDER,
        "form_1095a",
        f"The Form 1095-A of policy {policy_id} could not be drawn from its records "
        f"({type(error).__name__}). Check the policy's 834 history and run form-1095a again.",
        object_type="Enrollment",
        object_id=str(enrollment_id),
    )


def _void_figures(enrollment_id: int, year: int) -> dict:
    """A void form carries the figures of the form it voids (its record is replaced)."""
    return (
        Form1095A.objects.filter(enrollment_id=enrollment_id, year=year)
        .exclude(kind=FormKind.VOID)
        .order_by("-sequence")
        .first()
        .figures
    )


def _insert(year: int, rows: list[tuple]) -> None:
    """Insert the chunk's forms and audit rows: PostgreSQL's COPY (a million forms' JSON
    would spend most of the run being quoted into an INSERT), else bulk_create.
    `rows`: (enrollment id, kind, sequence, figures, their JSON, sha256)."""
    today, now = clock.today(), timezone.now()
    if connection.vendor != "postgresql":
        Form1095A.objects.bulk_create(
            [
                Form1095A(
                    enrollment_id=e,
                    year=year,
                    sequence=n,
                    kind=k,
                    figures=f,
                    sha256=h,
                    issued_on=today,
                )
                for e, k, n, f, _, h in rows
            ],
            batch_size=2000,
        )
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor_label="form-1095a",
                    action="form1095a.issued",
                    object_type="Enrollment",
                    object_id=str(e),
                    detail={"year": year, "kind": k, "sequence": n},
                )
                for e, k, n, *_ in rows
            ],
            batch_size=2000,
        )
        return
    with connection.cursor() as cursor:
        columns = "public_id, enrollment_id, year, sequence, kind, figures, sha256, issued_on"
        with cursor.copy(f"COPY {Form1095A._meta.db_table} ({columns}) FROM STDIN") as copy:
            for e, k, n, _, text, h in rows:
                copy.write_row((uuid.uuid4(), e, year, n, k, text, h, today))
        columns = "at, actor_label, action, object_type, object_id, detail"
        with cursor.copy(f"COPY {AuditEvent._meta.db_table} ({columns}) FROM STDIN") as copy:
            for e, k, n, *_ in rows:
                detail = f'{{"year": {year}, "kind": "{k}", "sequence": {n}}}'
                copy.write_row(
                    (now, "form-1095a", "form1095a.issued", "Enrollment", str(e), detail)
                )


@transaction.atomic
def _store(year: int, batch: list[tuple], counts: Counts) -> list[tuple]:
    """Store the chunk's due forms; returns (enrollment id, kind, sequence, figures) each."""
    rows = []
    for enrollment_id, kind, sequence, figures, (text, sha) in batch:
        if kind == FormKind.VOID:
            figures = _void_figures(enrollment_id, year)
            text, sha = serialized(figures)
        rows.append((enrollment_id, kind, sequence, figures, text, sha))
        setattr(counts, kind, getattr(counts, kind) + 1)
    _insert(year, rows)
    return [row[:4] for row in rows]


def record_number(enrollment_id: int, sequence: int) -> int:
    """The form's number in the annual data file (RecordSequenceNum): stable across runs,
    so a corrected or void record names the original's (CorrectedRecordSequenceNum);
    Form1095A.record_number says the same."""
    return enrollment_id * 100 + sequence


def _kept(year: int, enrollment_id: int, previous) -> tuple | None:
    """The data-file record of a policy whose latest form stands (unchanged)."""
    sequence, kind, _ = previous
    figures = Form1095A.objects.get(
        enrollment_id=enrollment_id, year=year, sequence=sequence
    ).figures
    return (record_number(enrollment_id, sequence), kind, record_number(enrollment_id, 1), figures)


def _chunk(year: int, part: list[int], counts: Counts) -> list[tuple]:
    """Decide and store one chunk's forms; return the chunk's data-file records (without
    their line numbers, which the caller adds)."""
    latest = _latest(year, part)
    due, records = [], []
    for enrollment_id, policy_id, figures, error in collect.statements(year, part, len(part)):
        counts.policies += 1
        if error is not None:
            counts.exceptions += 1
            counts.failed_ids.append(enrollment_id)
            _report(enrollment_id, policy_id, error)
            continue
        previous = latest.get(enrollment_id)
        text, sha = serialized(figures)
        kind = _decide(previous, figures, sha)
        if kind is None and previous is None:
            counts.without_coverage += 1
            continue
        if kind is None:
            counts.unchanged += 1
            if figures is None:  # a void form stands: its record carries the voided figures
                records.append(_kept(year, enrollment_id, previous))
            else:
                records.append(
                    (
                        record_number(enrollment_id, previous[0]),
                        previous[1],
                        record_number(enrollment_id, 1),
                        figures,
                    )
                )
            continue
        sequence = (previous[0] + 1) if previous else 1
        due.append((enrollment_id, kind, sequence, figures, (text, sha)))
    if due:
        stored = _store(year, due, counts)
        records += [(record_number(e, n), k, record_number(e, 1), f) for e, k, n, f in stored]
    return sorted(records, key=lambda r: r[0])


def _records(year: int, ids: list[int], first_line: int, counts: Counts, chunk: int):
    """Every data-file record of `ids` (ascending), the forms due stored on the way."""
    line = {pk: first_line + n for n, pk in enumerate(ids)}
    for start in range(0, len(ids), chunk):
        for number, kind, original, figures in _chunk(year, ids[start : start + chunk], counts):
            yield (line[number // 100], number, kind, original, figures)


def _part(year: int, ids: list[int], first_line: int, path: Path, chunk: int) -> Counts:
    """A worker process's share: its policies' forms, its part of the data file."""
    connections.close_all()  # the parent's connections are not this process's
    counts = Counts()
    with path.open("w", encoding="utf-8") as out, batch_collector.held_back():  # ADR 0829
        counts.records = datafile.write_body(out, _records(year, ids, first_line, counts, chunk))
    connections.close_all()
    return counts


def _merge(total: Counts, part: Counts) -> None:
    for name in (
        "policies",
        "original",
        "corrected",
        "void",
        "unchanged",
        "without_coverage",
        "exceptions",
        "records",
    ):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.failed_ids += part.failed_ids


def issue_forms(
    year: int, out: Path, counts: Counts | None = None, chunk: int = 2000, workers: int = 1
) -> Counts:
    """Issue what is due for every policy of `year` and write the annual data file in the
    same pass (the latest form of every policy: originals, corrections and voids). With
    `workers` > 1 the policies are split into that many contiguous ranges, each run by its
    own process (PostgreSQL; the database serialises nothing between them: each policy's
    forms are written by one process), and the parts are joined in order."""
    counts = counts or Counts()
    ids = collect.policy_ids(year)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"form1095a-{year}.xml"
    if workers <= 1 or len(ids) < 2 * chunk:
        counts.records = datafile.write(path, _records(year, ids, 1, counts, chunk))
    else:
        size = -(-len(ids) // workers)
        jobs = [
            (year, ids[k : k + size], k + 1, out / f".form1095a-{year}.part{k}", chunk)
            for k in range(0, len(ids), size)
        ]
        connections.close_all()  # forked workers must not share the parent's connection
        context = multiprocessing.get_context("fork")
        with context.Pool(len(jobs), children.end_with_parent, (os.getpid(),)) as pool:
            for part in pool.starmap(_part, jobs):
                _merge(counts, part)
        datafile.write(path, [], parts=[job[3] for job in jobs])
    counts.data_file = str(path)
    return counts


def issue_slice(year: int, ids: list[int], first_line: int, part: Path) -> Counts:
    """One slice of the year's run as a background job (form1095a/schedule.py), in the
    caller's transaction: the forms due for `ids` (ascending; positions `first_line`... among
    the year's policies) stored, their data-file records written to `part` (joined into the
    data file once every slice is done), and each new form's notice issued and rendered (the
    message center; the mail house where paper was chosen). Run again, it issues nothing new
    and writes the same part."""
    counts = Counts()
    part.parent.mkdir(parents=True, exist_ok=True)
    with part.open("w", encoding="utf-8") as out:
        records = _records(year, ids, first_line, counts, max(len(ids), 1))
        counts.records = datafile.write_body(out, records)
    waiting = Form1095A.objects.filter(year=year, enrollment_id__in=ids, notice__isnull=True)
    for form in waiting.order_by("enrollment_id", "sequence"):
        notice = _document(form).notice
        if notice is not None and notice.status == NoticeStatus.RENDERED:
            counts.pdfs += 1
    return counts


def pdf_path(out: Path, form: Form1095A, policy_id: str) -> Path:
    return out / "pdf" / f"{policy_id}-{form.year}-{form.sequence}-{form.kind}.pdf"


@transaction.atomic
def _document(form: Form1095A) -> Form1095A:
    """Issue the form's notice (message center, mail where chosen) and render it now."""
    form = Form1095A.objects.select_for_update().get(pk=form.pk)
    if form.notice_id is not None:
        return form
    enrollment = Enrollment.objects.select_related("owner").get(pk=form.enrollment_id)
    notice = issue_notice(
        user=enrollment.owner,
        kind=document.KIND,
        context=document.context_for(form.figures, form.kind, form.sequence),
        language=form.figures.get("language", "en"),
        related_object=form,
    )
    form.notice = render_notice(notice)
    form.save(update_fields=["notice"])
    return form


def write_documents(
    year: int, out: Path, counts: Counts | None = None, limit: int | None = None
) -> Counts:
    """A PDF for every form of the year (those already drawn are written again only when
    their file is missing); `limit` stops after that many forms (the benchmark's sample)."""
    counts = counts or Counts()
    forms = Form1095A.objects.filter(year=year).select_related("notice", "enrollment")
    forms = forms.order_by("enrollment_id", "sequence")
    for form in forms[:limit].iterator(chunk_size=500) if limit else forms.iterator(500):
        path = pdf_path(out, form, form.enrollment.policy_id)
        if form.notice_id is not None and path.exists():
            continue
        form = _document(form)
        notice = form.notice
        if notice is None or notice.status != NoticeStatus.RENDERED:
            counts.exceptions += 1  # the notices app listed why (jobs/worklist.py)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(notice.pdf))
        counts.pdfs += 1
    return counts


def run(year: int, out: Path, *, documents: bool = True, workers: int = 1) -> Counts:
    counts = issue_forms(year, out, workers=workers)
    if documents:
        write_documents(year, out, counts)
    return counts
