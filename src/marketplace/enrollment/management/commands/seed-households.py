"""`marketplace seed-households N [--enroll] [--year YEAR] [--seed S] [--workers W]`
(docs/contracts.md 4.5; ADR 0806).

Creates N varied households through the batch variants of the actions the pages use
(applications/batch.py, enrollment/batch.py): a user, identity proofed through the
simulated provider, a filled and signed application, submitted to a stored determination
with its notice and verifications; with `--enroll` also a plan selection and checkout with
its 834 queued and its confirmation notice. Households go in batches, one transaction
each; a progress bar goes to stderr.

`--seed S` makes it reproducible: household k of a run is drawn from its own random state
(S, k), whatever the batch size or the number of workers. A rerun with the same --seed
makes the same households under new e-mail addresses (seed-<run>-<n>@example.org, n
counting on from the addresses already there). `--resume` instead completes the run:
households 0..N-1 of the seed's run, skipping every batch already committed, so a run
killed part way finishes with each household made once, and a finished run changes
nothing.

`--year` seeds that plan year as of its open enrollment: the exchange's clock
(core/clock.py) reads a day of its open enrollment period while seeding (today when today
is one); the default is the plan year on offer. `--workers W` runs W processes on
PostgreSQL, each taking every W-th batch. On SQLite it waits up to a minute for the
database's write lock (a live server's worker may hold it) and tries a batch again, from
the same random states, when the database still says it is locked.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import sys
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection, connections

from aca_rules import enrollment_periods
from marketplace.applications import seeding
from marketplace.core import batch_collector, children, clock, planner_stats
from marketplace.enrollment.seeding import BatchResult, seed_enrolled

BUSY_MS = 60_000  # a batch tool can wait longer for the write lock than a web request
TRIES = 5
BATCH = 250


def _wait_for_locks() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_MS}")


def _locked(exc: OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def attempt(work):
    """`work()` (one batch, one transaction), again while the database is locked by another
    process (nothing of a failed try was committed; the batch draws its households anew
    from the same random states)."""
    for tries in range(1, TRIES + 1):
        try:
            return work()
        except OperationalError as exc:
            if not _locked(exc) or tries == TRIES:
                raise
            time.sleep(0.5 * 2**tries)
    return None


def growing_tables(batch: int) -> planner_stats.GrowingTables:
    """The tables a seeding batch reads by key (is an address taken, the latest
    determination of each application, the policies it already has, a queued 834 export),
    their statistics refreshed as the run grows them (core/planner_stats.py, ADR 0828) -
    doubles of what the statistics already describe, not of this run's count (ADR 0831)."""
    from marketplace.accounts.models import User
    from marketplace.applications.models import Application, Member
    from marketplace.determinations.models import Determination
    from marketplace.enrollment.models import Enrollment
    from marketplace.jobs.models import Job

    return planner_stats.GrowingTables(
        (User, Application, Member, Determination, Enrollment, Job),
        first=batch,
        start=planner_stats.rows_known(User),  # households already there (ADR 0831)
    )


def first_free(run: str) -> int:
    """The next n for seed-<run>-<n>@example.org: reruns never reuse an address."""
    from marketplace.accounts.models import User

    shape = re.compile(rf"seed-{run}-(\d+)@example\.org")
    taken = User.objects.filter(email__startswith=f"seed-{run}-").values_list("email", flat=True)
    numbers = [int(m[1]) for m in map(shape.fullmatch, taken) if m]
    return max(numbers, default=-1) + 1


def progress(done: int, total: int, started: float, stream) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.monotonic() - started, 1e-9)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:.1f}/s")
    stream.flush()


class Plan:
    """What a run makes: e-mail n = first + k for household k, drawn from (base, k)."""

    def __init__(self, run: str, base: str, first: int, count: int, batch: int, places):
        self.run, self.base, self.first, self.count = run, base, first, count
        self.batch, self.places = batch, places

    def batches(self) -> list[range]:
        return [range(k, min(k + self.batch, self.count)) for k in range(0, self.count, self.batch)]

    def email(self, k: int) -> str:
        return f"seed-{self.run}-{self.first + k}@example.org"

    def households(self, ks: range):
        out = []
        for k in ks:
            rng = random.Random(f"{self.base}:{k}")
            out.append((self.email(k), seeding.random_household(rng, self.places), rng))
        return out


def run_batches(plan: Plan, numbers: list[int], enroll: bool, report) -> None:
    """Make the plan's batches `numbers`; `report(BatchResult)` after each commit. A batch
    with any of its addresses taken was committed before (--resume) and is skipped."""
    from marketplace.accounts.models import User

    _wait_for_locks()
    batches = plan.batches()
    with batch_collector.held_back():  # ADR 0829
        for number in numbers:
            ks = batches[number]
            emails = [plan.email(k) for k in ks]
            if User.objects.filter(email__in=emails).exists():
                report(BatchResult(made=0), skipped=len(ks))
                continue
            result = attempt(lambda ks=ks: seed_enrolled(plan.households(ks), enroll=enroll))
            report(result, skipped=0)


def _worker(plan, numbers, enroll, counters, refused_queue, parent_pid):  # pragma: no cover
    children.end_with_parent(parent_pid)  # a child: killed with the command (core/children.py)
    connections.close_all()  # the parent's connection is not this process's
    done, made, enrolled = counters

    def report(result: BatchResult, skipped: int) -> None:
        with done.get_lock():
            done.value += result.made + len(result.refused_households) + skipped
            made.value += result.made
            enrolled.value += result.enrolled
        for line in result.refused:
            refused_queue.put(line)

    run_batches(plan, numbers, enroll, report)
    connections.close_all()


class Command(BaseCommand):
    help = "Create N varied households, each with a submitted application and a determination."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--enroll", action="store_true", help="also select plans and enroll")
        parser.add_argument("--seed", type=int, default=None, help="random seed (deterministic)")
        parser.add_argument(
            "--year", type=int, default=None, help="plan year (default: the plan year on offer)"
        )
        parser.add_argument(
            "--workers", type=int, default=1, help="processes in parallel (PostgreSQL only)"
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help="complete the seed's run of N households instead of adding N more",
        )
        parser.add_argument("--batch", type=int, default=BATCH, help="households a transaction")

    def handle(self, *args, count, enroll, seed, year, workers, resume, batch, **options):
        if count < 1:
            raise CommandError("N must be at least 1.")
        if workers < 1 or batch < 1:
            raise CommandError("--workers and --batch must be at least 1.")
        if workers > 1 and connection.vendor != "postgresql":
            raise CommandError("--workers above 1 needs PostgreSQL (DATABASE_URL=postgres://...).")
        if resume and seed is None:
            raise CommandError("--resume needs the --seed of the run to complete.")
        state = settings.MARKETPLACE_STATE
        if year is None:
            self.seed(count, enroll, seed, state, workers, resume, batch)
            return
        period = enrollment_periods.period(state, year)
        if period is None:
            raise CommandError(f"No open enrollment period for {year} in the data.")
        day = clock.today() if period.contains(clock.today()) else period.opens
        with clock.moved_to(day):
            self.seed(count, enroll, seed, state, workers, resume, batch)

    def seed(self, count, enroll, seed, state, workers, resume, batch) -> None:
        places = seeding.served_places(state)
        if not places:
            raise CommandError(
                f"No ZIP codes for {state} in the catalog: run `marketplace load-demo` first."
            )
        rng = random.Random(seed)
        run = (
            uuid.UUID(int=rng.getrandbits(128)).hex[:8]
            if seed is not None
            else uuid.uuid4().hex[:8]
        )
        base = f"{seed}" if seed is not None else uuid.uuid4().hex
        first = 0 if resume else first_free(run)
        plan = Plan(run, base, first, count, batch, places)
        numbers = list(range(len(plan.batches())))
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        started = time.monotonic()
        growing = growing_tables(batch)
        if workers == 1:
            totals = {"made": 0, "enrolled": 0, "done": 0, "refused": []}

            def report(result: BatchResult, skipped: int) -> None:
                totals["made"] += result.made
                totals["enrolled"] += result.enrolled
                totals["done"] += result.made + len(result.refused_households) + skipped
                totals["refused"] += result.refused
                growing.reached(totals["done"])
                progress(totals["done"], count, started, stream)

            run_batches(plan, numbers, enroll, report)
            made, enrolled, refused = totals["made"], totals["enrolled"], totals["refused"]
        else:
            made, enrolled, refused = self.in_parallel(
                plan, numbers, enroll, workers, stream, started, growing
            )
        stream.write("\n")
        summary = f"Created {made} households with determinations"
        if enroll:
            summary += f", {enrolled} enrolled in a plan"
        self.stdout.write(f"{summary} in {time.monotonic() - started:.1f} s.")
        for line in refused:
            self.stdout.write(f"Not seeded: {line}")

    def in_parallel(self, plan, numbers, enroll, workers, stream, started, growing):
        context = multiprocessing.get_context("fork")
        counters = (context.Value("q", 0), context.Value("q", 0), context.Value("q", 0))
        done, made, enrolled = counters
        refused_queue = context.Queue()
        connections.close_all()
        processes = [
            context.Process(
                target=_worker,
                args=(plan, numbers[w::workers], enroll, counters, refused_queue, os.getpid()),
            )
            for w in range(workers)
        ]
        for child in processes:
            child.start()
        refused = []
        while any(child.is_alive() for child in processes):
            while not refused_queue.empty():
                refused.append(refused_queue.get())
            growing.reached(done.value)
            progress(done.value, plan.count, started, stream)
            time.sleep(0.5)
        for child in processes:
            child.join()
        while not refused_queue.empty():
            refused.append(refused_queue.get())
        if any(child.exitcode for child in processes):
            raise CommandError("A worker stopped with an error; run again with --resume.")
        progress(done.value, plan.count, started, stream)
        return made.value, enrolled.value, refused
