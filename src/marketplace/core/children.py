"""Forked workers end with the command that forked them.

The batch commands (`seed-households`, `renew`, `render-notices`, the 1095-A run) fork
worker processes. Stopped by a signal (SIGTERM from an operator or a service manager,
SIGKILL, the machine's out-of-memory killer), the command would leave its workers running
on their own: still writing, reporting to nobody, and racing the run an operator starts
next. Seen on 2026-12-05: `kill` of a `seed-households --workers 2` left both workers
seeding.

Each worker asks Linux to send it SIGTERM when its parent dies (prctl PR_SET_PDEATHSIG,
prctl(2)); SIGTERM's default action ends it at once, and the database rolls back the batch it
had open (each batch is one transaction), which the next run (`--resume`, or `renew` again)
does. A parent that died before the request was made is seen by the parent's pid having
changed. Elsewhere than Linux only that last check applies.

`in_workers` is the fork-and-collect the batch commands that deal their work out in shares
have in common (`render-notices`, `medicaid-decisions-import`).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait
from typing import Any

from django.db import connections

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(parent_pid: int) -> None:
    """Called first thing in a forked worker: end this process when `parent_pid` (the
    command's pid, taken before forking) ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: only the check below
            pass
    if os.getppid() != parent_pid:  # the parent was gone before the request
        os.kill(os.getpid(), signal.SIGTERM)


class WorkerDied(RuntimeError):
    """A worker process ended without finishing its share (killed, or an outage); what it
    committed stays, and running the command again does the rest."""


def in_workers(
    work: Callable[..., Any], shares: Sequence[tuple], progress: Callable[[], None] | None = None
) -> list:
    """`work(*share)` for each share, each in a process forked for it (the parent's database
    connections closed first: a worker opens its own), ending with this one; returns what
    they returned (each must be picklable), once all are done. `progress` is called about
    once a second meanwhile. Raises WorkerDied when one did not finish."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.SimpleQueue()
    processes = [
        context.Process(target=_worker, args=(work, share, results, os.getpid()))
        for share in shares
    ]
    for process in processes:
        process.start()
    while alive := [process.sentinel for process in processes if process.is_alive()]:
        wait(alive, timeout=1.0)
        if progress is not None:
            progress()
    finished = [process for process in processes if process.exitcode == 0]
    returned = [results.get() for _ in finished]
    if len(finished) < len(processes):
        codes = [process.exitcode for process in processes]
        raise WorkerDied(f"a worker did not finish (exit codes {codes}); run it again")
    return returned


def _worker(work: Callable[..., Any], share: tuple, results, parent_pid: int) -> None:
    end_with_parent(parent_pid)
    connections.close_all()
    try:
        results.put(work(*share))
    finally:
        connections.close_all()
