"""`marketplace seed-households N [--enroll] [--year YEAR] [--seed S]` (design.md 4.5).

Creates N varied households through the same action functions the application pages use:
a user, identity proofed through the simulated provider, a filled application, submitted
to a stored determination. A progress bar goes to stderr. `--enroll` also selects a plan
and enrolls each household through the enrollment actions (marketplace.enrollment.seeding).
`--year` seeds that plan year as of its open enrollment: the exchange's clock (core/clock.py)
reads a day of its open enrollment period while seeding (today when today is one); the
default is the plan year on offer.
"""

from __future__ import annotations

import random
import sys
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from aca_rules import enrollment_periods
from marketplace.applications import seeding
from marketplace.core import clock


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
        started = time.monotonic()
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        made = enrolled = 0
        for index in range(count):
            email = f"seed-{run}-{index}@example.org"
            determination = seeding.seed_one(rng, places, email)
            if enroll:
                # Plan selection and checkout through the enrollment actions (issue 7).
                from marketplace.enrollment.seeding import enroll_household

                if enroll_household(determination.application, determination, rng):
                    enrolled += 1
            made += 1
            progress(made, count, started, stream)
        stream.write("\n")
        summary = f"Created {made} households with determinations"
        if enroll:
            summary += f", {enrolled} enrolled in a plan"
        self.stdout.write(f"{summary} in {time.monotonic() - started:.1f} s.")
