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
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

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
