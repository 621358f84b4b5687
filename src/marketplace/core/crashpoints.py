"""Named crash points: a deliberate, real process death for restart tests and chaos drills.

`crash_point("applications.submit.before_commit")` kills the current process with SIGKILL
(no clean-up, no `finally`, no rollback message to the database: what a power cut or the
kernel's OOM killer does) when the environment variable MARKETPLACE_CRASH_AT names that point.
Otherwise it does nothing: one dictionary lookup, so the calls stay in the code.

- MARKETPLACE_CRASH_AT holds one point name or several, comma-separated. A point may take a
  value after a colon (`edi.export.write:3000`), which its code reads with `armed_value`.
- Just before dying the process writes "crash point <name>: SIGKILL" to stderr, so a test or
  a drill can tell the planned death from a real one.
- Ignored (with one warning) when settings.PRODUCTION is true: a stray variable on a live
  server must not take it down.
- The points in the code: `grep -rn "crash_point(" src/`. Runbook:
  docs/runbooks/restart-drill.md; test: tests/applications/test_restart.py.

The 834 export has two points: `edi.export.write:<bytes>` (SIGKILL after writing that many
bytes of the temporary file) and `edi.export.after_rename` (after the rename, before the
commit): edi/export.py, tests/edi/test_crash.py.
"""

from __future__ import annotations

import logging
import os
import signal
import sys

CRASH_ENV = "MARKETPLACE_CRASH_AT"

logger = logging.getLogger(__name__)
_warned = False


def armed_value(name: str) -> str | None:
    """The value MARKETPLACE_CRASH_AT gives `name` (`name:value`; "" for the bare name), or
    None when it does not name it (production never arms a point)."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return None
    points = {}
    for part in wanted.split(","):
        point, _, value = part.strip().partition(":")
        points[point] = value
    if name not in points:
        return None
    if _production():
        global _warned
        if not _warned:
            _warned = True
            logger.warning("%s is set but ignored in production.", CRASH_ENV)
        return None
    return points[name]


def armed(name: str) -> bool:
    """Whether MARKETPLACE_CRASH_AT names `name` (production never arms a point)."""
    return armed_value(name) is not None


def crash_point(name: str) -> None:
    """SIGKILL this process here if MARKETPLACE_CRASH_AT names `name`; otherwise nothing."""
    if armed(name):
        die(name)


def die(name: str) -> None:
    """SIGKILL this process now, saying which point it was (for a point that has done its
    own preparation first, e.g. written part of a file)."""
    sys.stderr.write(f"crash point {name}: SIGKILL\n")
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _production() -> bool:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return bool(getattr(settings, "PRODUCTION", False))
    except ImproperlyConfigured:  # no settings: not a Django process, so not production
        return False
