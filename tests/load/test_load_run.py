"""`make load` end to end, small: its own exchange, the whole journey, the summary line.

Sixteen users with short think times for 75 s on a SQLite exchange of its own, one at least
of every kind in the mix (LOAD_EVERY_KIND): every kind of person reaches the end of their
journey with no failed request and no page that failed to offer the next step, the summary
line has the contract's shape, and the after-run checks find nothing lost or doubled.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def test_the_load_test_runs_the_whole_journey_without_a_failure():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MARKETPLACE_", "DATABASE_"))}
    env.update(LOAD_THINK_MIN="0.1", LOAD_THINK_MAX="0.5", LOAD_EVERY_KIND="1")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.load.run",
            "--users",
            "16",
            "--duration",
            "75",
            "--spawn-rate",
            "4",
            "--verify",
            "--floor",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    summary = re.search(r"^load: users=16 rps=([\d.]+) failures=(\d+) p95_ms=(\d+)$", out, re.M)
    assert summary, out[-3000:]
    assert summary.group(2) == "0", out[-3000:]
    assert "verify: ok" in out
    # the floor and the plan search beside it both made requests, none failed
    floor = re.search(r"^floor: .* rps=([\d.]+) failures=0 ", out, re.M)
    search = re.search(r"^api: plans/search .* rps=([\d.]+) failures=0 ratio_to_floor", out, re.M)
    assert floor and search and float(floor.group(1)) > 0 and float(search.group(1)) > 0, out[
        -3000:
    ]
    # the waiting room's line, off in this run (the caller's settings are left out)
    assert re.search(r"^waiting_room: at=off waits=0 admitted=0 .* gave_up=0$", out, re.M), out[
        -3000:
    ]
    steps = set(re.findall(r"^step \w+ '([^']+)'", out, re.M))
    for step in (
        "shop: plan",
        "api: plans/search",
        "enroll: checkout",
        "apply: sign and submit",
        "account: register",
        "casework: exceptions",
    ):
        assert step in steps, sorted(steps)
