"""`marketplace seed-households N [--enroll] [--year YEAR] [--seed S]` (design.md 4.5).

Creates N varied households through the same action functions the application pages use:
a user, identity proofed through the simulated provider, a filled application, submitted
to a stored determination. A progress bar goes to stderr. `--enroll` also selects a plan
and enrolls each household through the enrollment actions (marketplace.enrollment.seeding).

It runs beside a live exchange: on SQLite it waits up to a minute for the database's write
lock (the server's worker holds it while it renders notices or writes 834s) and tries a
household again, from the same random state, when the database still says it is locked. A
rerun with the same --seed makes the same households under new e-mail addresses
(seed-<run>-<n>@example.org, n counting on from the addresses already there).
`--year` seeds that plan year as of its open enrollment: the exchange's clock (core/clock.py)
reads a day of its open enrollment period while seeding (today when today is one); the
default is the plan year on offer.
"""

from __future__ import annotations

import random
import re
import sys
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from aca_rules import enrollment_periods
from marketplace.applications import seeding
from marketplace.core import clock

BUSY_MS = 60_000  # a batch tool can wait longer for the write lock than a web request
TRIES = 5


def _wait_for_locks() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_MS}")


def _locked(exc: OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def attempt(rng: random.Random, work):
    """`work()` in its own transaction, again from the same random state while the database
    is locked by another process (nothing of a failed try was committed)."""
    state = rng.getstate()
    for tries in range(1, TRIES + 1):
        try:
            return work()
        except OperationalError as exc:
            if not _locked(exc) or tries == TRIES:
                raise
            rng.setstate(state)
            time.sleep(0.5 * 2**tries)
    return None


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


class Command(BaseCommand):
    help = "Create N varied households, each with a submitted application and a determination."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--enroll", action="store_true", help="also select plans and enroll")
        parser.add_argument("--seed", type=int, default=None, help="random seed (deterministic)")
        parser.add_argument(
            "--year", type=int, default=None, help="plan year (default: the plan year on offer)"
        )

    def handle(self, *args, count, enroll, seed, year, **options):
        if count < 1:
            raise CommandError("N must be at least 1.")
        state = settings.MARKETPLACE_STATE
        if year is None:
            self.seed(count, enroll, seed, state)
            return
        period = enrollment_periods.period(state, year)
        if period is None:
            raise CommandError(f"No open enrollment period for {year} in the data.")
        day = clock.today() if period.contains(clock.today()) else period.opens
        with clock.moved_to(day):
            self.seed(count, enroll, seed, state)

    def seed(self, count: int, enroll: bool, seed: int | None, state: str) -> None:
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
        _wait_for_locks()
        started = time.monotonic()
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        made = enrolled = 0
        first = first_free(run)
        for index in range(first, first + count):
            email = f"seed-{run}-{index}@example.org"
            determination = attempt(rng, lambda e=email: seeding.seed_one(rng, places, e))
            if enroll:
                # Plan selection and checkout through the enrollment actions (issue 7).
                from marketplace.enrollment.seeding import enroll_household

                work = lambda d=determination: enroll_household(d.application, d, rng)  # noqa: E731
                if attempt(rng, work):
                    enrolled += 1
            made += 1
            progress(made, count, started, stream)
        stream.write("\n")
        summary = f"Created {made} households with determinations"
        if enroll:
            summary += f", {enrolled} enrolled in a plan"
        self.stdout.write(f"{summary} in {time.monotonic() - started:.1f} s.")
