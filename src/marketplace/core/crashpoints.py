"""Named crash points: a deliberate, real process death for restart tests and chaos drills.

`crash_point("applications.submit.before_commit")` kills the current process with SIGKILL
(no clean-up, no `finally`, no rollback message to the database: what a power cut or the
kernel's OOM killer does) when the environment variable MARKETPLACE_CRASH_AT names that point.
Otherwise it does nothing: one dictionary lookup, so the calls stay in the code.

- MARKETPLACE_CRASH_AT holds one point name or several, comma-separated.
- Just before dying the process writes "crash point <name>: SIGKILL" to stderr, so a test or
  a drill can tell the planned death from a real one.
- Ignored (with one warning) when settings.PRODUCTION is true: a stray variable on a live
  server must not take it down.
- The points in the code: `grep -rn "crash_point(" src/`. Runbook:
  docs/runbooks/restart-drill.md; test: tests/applications/test_restart.py.

The 834 export keeps its own variable (MARKETPLACE_EDI_CRASH_AT, edi/export.py), which also
cuts a file after a given number of bytes.
"""

from __future__ import annotations

import logging
import os
import signal
import sys

CRASH_ENV = "MARKETPLACE_CRASH_AT"

logger = logging.getLogger(__name__)
_warned = False


def armed(name: str) -> bool:
    """Whether MARKETPLACE_CRASH_AT names `name` (production never arms a point)."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted or name not in {part.strip() for part in wanted.split(",")}:
        return False
    if _production():
        global _warned
        if not _warned:
            _warned = True
            logger.warning("%s is set but ignored in production.", CRASH_ENV)
        return False
    return True


def crash_point(name: str) -> None:
    """SIGKILL this process here if MARKETPLACE_CRASH_AT names `name`; otherwise nothing."""
    if not armed(name):
        return
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
