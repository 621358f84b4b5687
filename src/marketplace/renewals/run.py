"""The renewal run (docs/contracts.md 4.9): every policy of the old year, on any number of workers.

A worker claims a batch of policies not yet renewed (`SELECT ... FOR UPDATE SKIP LOCKED` on
PostgreSQL: two workers never take the same policy, and a worker that dies releases its
batch), plans and writes the whole batch together (renewals/household.py `plan_many`,
`apply_many`: a few statements a batch, COPY on PostgreSQL) and commits it with every
renewal's rows, 834s, notices and audit rows together; when writing a batch fails, its
households are written again one by one, each in a savepoint. A policy is renewed exactly
once: the `Renewal` row is written in the same transaction as everything else and is
unique per policy, and the claim only takes policies without one, so a run killed at any
point and started again picks up where the last commit left off, and a second run finds
nothing to do.

A household that cannot be renewed (e.g. no rating area for its address) goes to the
exceptions list with a reason a person can act on; the rest go on, and the next run tries
it again. `--dry-run` plans every renewal (household.plan_many) and writes nothing.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, MutableSequence
from multiprocessing.managers import SyncManager

from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef

from marketplace.applications.models import Application, IncomeItem, Member
from marketplace.core import batch_collector, bulk, children, crypto, planner_stats
from marketplace.core.crashpoints import crash_point
from marketplace.determinations.models import Determination
from marketplace.edi import sequences
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment, EnrollmentMember
from marketplace.jobs import worklist
from marketplace.jobs.models import Job
from marketplace.renewals import explain, household
from marketplace.renewals.models import ENDS_EVERYONES_COVERAGE, Outcome, Renewal

logger = logging.getLogger(__name__)

BATCH = 200
SOURCE = "renewal"  # the exceptions list's source for a household that could not be renewed
#: The counters that are households (each renewal adds to one of them); the others a run's
#: Counter holds ("aptc_lost", "aptc_lost_ftr", "csr_lost": explain.lost_counts; "left_out")
#: count
#: some of those households again.
HOUSEHOLD_KEYS = frozenset([*Outcome.values, "failed"])
#: The tables a renewal batch reads by key: their planner statistics are refreshed when a
#: run starts (right after a state's households were seeded they describe empty tables)
#: and as the run grows them (core/planner_stats.py: the new year's policies and renewals,
#: the queued 834 exports).
READ_TABLES = (
    Enrollment,
    EnrollmentMember,
    Application,
    Member,
    IncomeItem,
    Determination,
    Renewal,
    Job,
)


def households(outcomes: Counter) -> int:
    """How many households a run's outcomes count (not the credits lost among them)."""
    return sum(n for key, n in outcomes.items() if key in HOUSEHOLD_KEYS)


def _counted(outcome: str, detail: dict, previous: Enrollment) -> list:
    """The counters one renewal adds to: its outcome and the credits it lost, each also
    counted by the household's county and the old policy's issuer (run_report.py)."""
    keys = [outcome, *explain.lost_counts(detail)]
    # A household of any outcome but those that end everyone's coverage, with people left
    # out of its new plan (explain.py `dropped`), is counted again as "left_out".
    if detail.get("dropped") and outcome not in ENDS_EVERYONES_COVERAGE:
        keys.append("left_out")
    return keys + [_by_place(previous, key) for key in keys]


def _by_place(previous: Enrollment, key: str) -> tuple[str, str, str, str]:
    """("by", county FIPS, issuer's HIOS id, counter): where a renewal is counted in the
    report by county and issuer."""
    return ("by", previous.application.countyfips, previous.issuer.hios_id, key)


def _failed(outcomes: Counter, previous: Enrollment) -> None:
    outcomes["failed"] += 1
    outcomes[_by_place(previous, "failed")] += 1


def pending(from_year: int, after: int = 0):
    """Policies of `from_year` still in force and not yet renewed (with keys above `after`:
    the bound is given to the renewals' side too, or PostgreSQL may merge against every
    renewal from the first one)."""
    renewed = Renewal.objects.filter(previous=OuterRef("pk"))
    policies = Enrollment.objects.filter(coverage_year=from_year, status__in=states.ACTIVE)
    if after:
        renewed = renewed.filter(previous_id__gt=after)
        policies = policies.filter(pk__gt=after)
    return policies.filter(~Exists(renewed))


class IdPool:
    """Exchange ids reserved in blocks, outside the batch transaction (the sequence row is
    then locked only for a moment); an unused id is a harmless gap."""

    def __init__(self):
        self.free: list[int] = []

    def ensure(self, count: int) -> None:
        if len(self.free) < count:
            self.free += sequences.exchange_ids(max(count, 1000))

    def take(self, count: int) -> list[int]:
        self.ensure(count)
        taken, self.free = self.free[:count], self.free[count:]
        return taken


def _claim(from_year: int, skip: set[int], size: int, after: int = 0) -> list[Enrollment]:
    """Up to `size` pending policies with keys above `after`, locked for this worker."""
    query = pending(from_year, after).exclude(pk__in=skip).order_by("id")
    if connection.vendor == "postgresql":
        query = query.select_for_update(skip_locked=True, of=("self",))
    return list(_with_related(query)[:size])


def _not_renewed(claimed: list[Enrollment]) -> list[Enrollment]:
    """The claimed policies that still have no renewal, read once their locks are held.

    The claim's `NOT EXISTS` reads the renewals as they were when the claim began
    (PostgreSQL, read committed): a policy that another worker renewed and committed
    while the claim ran is unlocked by that commit, so the claim can lock it and return
    it. Renewing it again would break the batch on the renewal's unique key (the batch
    rolled back and redone one by one, the policy put on the exceptions list as if it
    could not be renewed: seen with three workers, ADR 0814). A new statement sees every
    commit made before the locks were taken, and no other worker can renew these
    policies while this transaction holds them."""
    if not claimed:
        return claimed
    renewed = set(
        Renewal.objects.filter(previous_id__in=[p.pk for p in claimed]).values_list(
            "previous_id", flat=True
        )
    )
    return [p for p in claimed if p.pk not in renewed]


def _not_failed(
    claimed: list[Enrollment], failed: set[int], failed_in_run: MutableSequence[int] | None
) -> list[Enrollment]:
    """The claimed policies no worker of this run has failed, read once their locks are held:
    a worker adds its failures to the run's list before it commits, and its policies can be
    locked by another worker only after that commit, so none is missed (ADR 0834). The
    run's failures are added to this worker's `failed`, which its later claims skip."""
    if failed_in_run is not None and claimed:
        failed.update(failed_in_run[:])  # a copy: one call to the run's shared list
    return [p for p in claimed if p.pk not in failed]


def _with_related(query):
    """What planning and writing a renewal read of the old policy, fetched with it."""
    return query.select_related("application", "issuer", "owner").prefetch_related("members")


def renew_one(previous: Enrollment, to_year: int, pool: IdPool) -> str:
    planned = household.plan(previous, to_year)
    ids = pool.take(planned.id_count) if planned.priced is not None else []
    return household.apply(planned, ids).outcome


def renew_batch(claimed: list[Enrollment], to_year: int, pool: IdPool, failed: set[int]) -> Counter:
    """Renew the policies claimed, in the caller's transaction: planned together
    (household.plan_many), written together (household.apply_many, a few statements for
    the batch). A household whose planning fails goes to the exceptions list; if writing
    the batch fails, its households are written again one by one, each in a savepoint,
    so only the one at fault is left out."""
    outcomes: Counter = Counter()
    ready = []
    for previous, planned in zip(claimed, household.plan_many(claimed, to_year), strict=True):
        if isinstance(planned, Exception):
            failed.add(previous.pk)
            _failed(outcomes, previous)
            _report(previous, planned)
        else:
            ready.append(planned)
    try:
        with transaction.atomic():
            ids = pool.take(sum(p.id_count for p in ready if p.priced is not None))
            renewals = household.apply_many(ready, iter(ids))
    except Exception:  # one bad household never stops the others
        logger.warning("a renewal batch failed; renewing its households one by one")
        for planned in ready:
            try:
                with transaction.atomic():
                    ids = pool.take(planned.id_count) if planned.priced is not None else []
                    renewal = household.apply(planned, ids)
                    outcomes.update(_counted(renewal.outcome, renewal.detail, planned.previous))
            except Exception as exc:
                failed.add(planned.previous.pk)
                _failed(outcomes, planned.previous)
                _report(planned.previous, exc)
    else:
        for renewal, planned in zip(renewals, ready, strict=True):
            outcomes.update(_counted(renewal.outcome, renewal.detail, planned.previous))
    return outcomes


def work(
    from_year: int,
    to_year: int,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
    failed_in_run: MutableSequence[int] | None = None,
) -> Counter:
    """One worker: claim and renew batches until none is left; returns its outcomes
    (`progress` is told how many it has done after each commit).

    Each claim starts after the last policy this worker claimed: the policies below it are
    renewed, failed here, or locked by another worker, and reading past them again on every
    claim made each claim slower as the run went on (a scan of the renewed policies, ever
    longer). When nothing is left above it, one claim from the start takes whatever another
    worker left (its batch rolled back); the worker stops when that one finds nothing.

    `failed_in_run`: the policies the run's workers could not renew, shared among them
    (`run` gives its worker processes one list): each worker adds its own before it
    commits and drops them all from every claim once its locks are held (workers overtake
    each other, so another's failure can lie above this worker's last claim), so a
    household that cannot be renewed is tried, counted and reported once a run, not once a
    worker (ADR 0834)."""
    with batch_collector.held_back():  # ADR 0829
        return _work(from_year, to_year, batch, progress, failed_in_run)


def _work(from_year: int, to_year: int, batch: int, progress, failed_in_run) -> Counter:
    outcomes: Counter = Counter()
    failed: set[int] = set()
    pool = IdPool()
    last = 0
    while True:
        pool.ensure(batch * 10)  # ids for households of up to 8 people
        with transaction.atomic():
            claimed = _claim(from_year, failed, batch, after=last)
            if not claimed and last:
                last = 0
                claimed = _claim(from_year, failed, batch)
            if not claimed:
                return outcomes
            last = claimed[-1].pk
            claimed = _not_failed(_not_renewed(claimed), failed, failed_in_run)
            if claimed:
                failures = len(failed)
                with crypto.remembering():  # each SSN decrypted once a batch (ADR 0819)
                    outcomes.update(renew_batch(claimed, to_year, pool, failed))
                if failed_in_run is not None and len(failed) > failures:
                    failed_in_run.extend([p.pk for p in claimed if p.pk in failed])
            crash_point("renewals.batch.before_commit")
        if progress is not None:
            progress(households(outcomes))


def _report(previous: Enrollment, exc: Exception) -> None:
    logger.warning("renewal of policy %s failed: %s", previous.policy_id, type(exc).__name__)
    worklist.report(
        SOURCE,
        type(exc).__name__,
        f"Policy {previous.policy_id} could not be renewed ({type(exc).__name__}: "
        f"{str(exc)[:200]}). Check the household's address and plan, then run "
        f"`marketplace renew` again: it renews only what is left.",
        obj=previous,
    )


_done = None  # in a worker: the households all workers have done, shared with the parent


_failed_in_run = None  # in a worker: the policies the run's workers could not renew


def _share(done, failed_in_run, parent_pid: int) -> None:
    global _done, _failed_in_run
    children.end_with_parent(parent_pid)
    _done, _failed_in_run = done, failed_in_run


def _work_in_child(args) -> Counter:
    from_year, to_year, batch = args
    connections.close_all()  # the parent's connection is not this process's
    reported = 0

    def progress(count: int) -> None:
        nonlocal reported
        with _done.get_lock():
            _done.value += count - reported
        reported = count

    try:
        return work(from_year, to_year, batch, progress, _failed_in_run)
    finally:
        connections.close_all()


def dry_run(
    from_year: int, to_year: int, progress: Callable[[int], None] | None = None, batch: int = BATCH
) -> Counter:
    """Every outcome, computed and not written (household.plan_many writes nothing), in
    batches of `batch` policies as the run plans them."""
    with batch_collector.held_back():  # ADR 0829
        return _dry_run(from_year, to_year, progress, batch)


def _dry_run(from_year: int, to_year: int, progress, batch: int) -> Counter:
    outcomes: Counter = Counter()
    done, last = 0, 0
    while True:
        claimed = list(_with_related(pending(from_year, last).order_by("id"))[:batch])
        if not claimed:
            return outcomes
        last = claimed[-1].pk
        with crypto.remembering():
            planned_batch = household.plan_many(claimed, to_year)
        for previous, planned in zip(claimed, planned_batch, strict=True):
            if isinstance(planned, Exception):
                _failed(outcomes, previous)
            else:
                outcomes.update(_counted(planned.outcome, planned.detail, previous))
        done += len(claimed)
        if progress is not None:
            progress(done)


def run(
    from_year: int,
    to_year: int,
    *,
    workers: int = 1,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> Counter:
    """Renew everything pending with `workers` processes; returns this run's outcomes.
    The tables' statistics are refreshed at the start and as the run grows them."""
    bulk.refresh_statistics(READ_TABLES)
    growing = planner_stats.GrowingTables(READ_TABLES, first=batch)

    def report(done: int) -> None:
        growing.reached(done)
        if progress is not None:
            progress(done)

    if workers <= 1:
        return work(from_year, to_year, batch, report)
    connections.close_all()  # forked workers must not share the parent's connection
    ctx = multiprocessing.get_context("fork")
    done = ctx.Value("q", 0)  # counted by the workers: no count of the renewals each second
    manager = SyncManager(ctx=ctx)  # holds the run's failures (ADR 0834)
    manager.start(children.end_with_parent, (os.getpid(),))
    with (
        manager,
        ctx.Pool(workers, initializer=_share, initargs=(done, manager.list(), os.getpid())) as pool,
    ):
        result = pool.map_async(_work_in_child, [(from_year, to_year, batch)] * workers)
        while not result.ready():
            result.wait(1.0)
            report(done.value)
        total: Counter = Counter()
        for part in result.get():
            total.update(part)
    return total
