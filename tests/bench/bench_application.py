"""Submit-to-determination latency through the submit action (issue 6 goal: p99 < 300 ms).

How: a fresh SQLite database in a temporary directory, migrated and loaded with the 2026 demo
catalog, in a subprocess; APPLICATIONS varied households (seeding.py, the page actions) are
filled and signed but not submitted; then each is submitted with
`actions.submit_application` (build input, determine on the database catalog, store the
determination, audit, eligibility notice, verifications - one transaction) and timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench import Figure

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "200"))
GOAL_MS = 300

_SCRIPT = """
import json, random, time
import django; django.setup()
from marketplace.applications import actions, seeding
rng = random.Random(2026)
places = seeding.served_places("MA")
prepared = [seeding.seed_one(rng, places, f"bench{{n}}@example.org", submit=False)
            for n in range({count} + 1)]
# Warm-up, untimed: a running server has the catalog caches filled (catalog/versioning.py).
actions.submit_application(prepared[0], prepared[0].owner, None)
timings = []
for application in prepared[1:]:
    started = time.perf_counter()
    actions.submit_application(application, application.owner, None)
    timings.append((time.perf_counter() - started) * 1000)
print(json.dumps(timings))
"""


def _environment(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "marketplace.settings",
            "MARKETPLACE_VAR_DIR": str(var_dir),
            "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
            "MARKETPLACE_STATE": "MA",
            "MARKETPLACE_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
            "MARKETPLACE_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "MARKETPLACE_LOG_LEVEL": "WARNING",
            # The 2026 demo year, applied for in its open enrollment (core/clock.py).
            "MARKETPLACE_TODAY": "2025-12-01",
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        }
    )
    return env


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-application-") as tmp:
        var_dir = Path(tmp)
        env = _environment(var_dir)
        marketplace = str(BIN / "marketplace")
        quiet = {"env": env, "check": True, "stdout": subprocess.DEVNULL}
        subprocess.run([marketplace, "migrate", "-v", "0"], **quiet)
        subprocess.run(
            [marketplace, "load-demo", "--year", "2026", "--out", str(var_dir / "puf")], **quiet
        )
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT.format(count=APPLICATIONS)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    p99 = _percentile(timings, 0.99)
    note = f"{len(timings)} submissions, SQLite, goal < {GOAL_MS} ms"
    return [
        Figure("application submit-to-determination p50", _percentile(timings, 0.5), "ms", note),
        Figure(
            "application submit-to-determination p99",
            p99,
            "ms",
            note + (" MET" if p99 < GOAL_MS else " NOT MET"),
        ),
    ]
