"""Form 1095-A issued by January 31 with no one running a command (ADR 0720).

The exchange furnishes each enrollee's statement by January 31 of the year after coverage
(26 CFR 1.36B-5(c)(2)) and reports the same figures to the IRS (26 U.S.C. 36B(f)(3); 26 CFR
1.36B-5(c)(1)). `marketplace form-1095a` does it when an operator runs it; this module makes
the workers do it on the calendar as well, so a forgotten command costs no one their form:

- On `RUN_DAY` of January (after the December 834s and the issuers' last payment files, as
  the runbook asks), the year just ended is issued: originals for every policy.
- On `RUN_DAY` of every later month of that year, the same run again: only what changed is
  issued (a corrected form after a retroactive change, a void one after a cancellation:
  26 CFR 1.36B-5(c)(3) asks for corrected statements), the data file written again.

A run is a `START` job that splits the year's policies into slices of `SLICE_SIZE` and
queues one `SLICE` job each (any number of workers take them at once; each is one
transaction: a killed worker's slice is simply run again) and a `JOIN` job that writes the
data file from the slices' parts once every slice is done, waiting while some are not.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings

from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.form1095a import batch, collect, datafile
from marketplace.jobs.models import Job, JobStatus
from marketplace.jobs.queue import enqueue

RUN_DAY = 10  # of January, then of every month of the year after coverage
SLICE_SIZE = 500
START, SLICE, JOIN = "form1095a.start", "form1095a.slice", "form1095a.join"
JOIN_WAIT = timedelta(minutes=2)
JOINED = "joined"  # in the parts folder once the data file is written from them


def next_run(today: date) -> date:
    """The first run day (`RUN_DAY` of a month) on or after `today`."""
    day = today.replace(day=RUN_DAY)
    if today <= day:
        return day
    following = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return following.replace(day=RUN_DAY)


def ensure_next(on_or_after: date | None = None) -> None:
    """Queue the next run on or after `on_or_after` (default today), once per run day however
    many workers ask; it issues the forms of the year before the run day's."""
    day = next_run(on_or_after or clock.today())
    enqueue(
        START,
        {"year": day.year - 1, "day": day.isoformat()},
        dedupe_key=f"{START}:{day.isoformat()}",
        run_after=clock.at(day),
    )


def out_dir(year: int) -> Path:
    return Path(settings.FORM1095A_DIR) / str(year)


def _parts_dir(year: int, day: str) -> Path:
    return out_dir(year) / f".parts-{day}"


def start(year: int, day: str) -> int:
    """Queue the run's slices and its join, and the next run; returns how many slices (none:
    no policy)."""
    ensure_next(date.fromisoformat(day) + timedelta(days=1))
    ids = collect.policy_ids(year)
    slices = [ids[k : k + SLICE_SIZE] for k in range(0, len(ids), SLICE_SIZE)]
    for index, part in enumerate(slices):
        enqueue(
            SLICE,
            {"year": year, "day": day, "index": index, "ids": part, "line": index * SLICE_SIZE + 1},
            dedupe_key=f"{SLICE}:{day}:{index}",
        )
    if slices:
        enqueue(JOIN, {"year": year, "day": day, "try": 0}, dedupe_key=f"{JOIN}:{day}:0")
    audit.record(
        "form1095a.run_started", actor_label="schedule", year=year, day=day, slices=len(slices)
    )
    return len(slices)


def run_slice(payload: dict) -> batch.Counts:
    part = _parts_dir(payload["year"], payload["day"]) / f"{payload['index']:07d}"
    return batch.issue_slice(payload["year"], payload["ids"], payload["line"], part)


def join(payload: dict) -> Path | None:
    """Write the data file once every slice of the run is done; otherwise queue the join
    again `JOIN_WAIT` later (a slice that failed waits on the exceptions list for its "Try
    again"). Returns the file written, or None while waiting."""
    year, day = payload["year"], payload["day"]
    slices = Job.objects.filter(kind=SLICE, dedupe_key__startswith=f"{SLICE}:{day}:")
    if slices.exclude(status=JobStatus.DONE).exists():
        later = payload["try"] + 1
        enqueue(
            JOIN,
            {**payload, "try": later},
            dedupe_key=f"{JOIN}:{day}:{later}",
            run_after=clock.now() + JOIN_WAIT,
        )
        return None
    folder, path = _parts_dir(year, day), out_dir(year) / f"form1095a-{year}.xml"
    if (folder / JOINED).exists() or not folder.exists():  # joined before a crash
        shutil.rmtree(folder, ignore_errors=True)
        return path
    parts = sorted(folder.glob("[0-9]*"))
    datafile.write(path, [], parts=parts, keep_parts=True)
    (folder / JOINED).touch()  # the file is in place: the parts may go
    shutil.rmtree(folder)
    audit.record(
        "form1095a.run_finished",
        actor_label="schedule",
        year=year,
        day=day,
        slices=len(parts),
    )
    return path
