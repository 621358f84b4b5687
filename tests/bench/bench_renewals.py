"""Issue 13 benchmark: households renewed per second by `marketplace renew` (redetermination,
crosswalk, pricing, new policy, 834 queued, notice queued, all written), projected to
1,000,000 households (goal: under 30 minutes on this 2-core machine), and renewal notice
PDFs rendered per hour (goal: 100,000).

On PostgreSQL when DATABASE_URL names a server (a database of its own is created and
dropped; the run uses 2 workers), else on a temporary SQLite file (1 worker). The state is
seeded with `seed-households N --enroll --year 2026` (BENCH_RENEWALS, default 300). The floor,
measured in the same run on the same households, is `renew --dry-run`: the redetermination,
crosswalk and pricing alone, with no writes; the ratio says what writing costs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from tests.bench import Figure

HOUSEHOLDS = int(os.environ.get("BENCH_RENEWALS", "300"))
NOTICES = int(os.environ.get("BENCH_RENEWAL_NOTICES", "100"))
REPO = Path(__file__).resolve().parents[2]
MARKETPLACE = str(Path(sys.executable).with_name("marketplace"))


class _Database:
    def __init__(self, tmp: Path):
        outer = os.environ.get("DATABASE_URL", "")
        self.postgres = outer.split(":", 1)[0] in {"postgres", "postgresql"}
        if self.postgres:
            parsed = urlparse(outer)
            self.name = f"bench_renew_{uuid.uuid4().hex[:10]}"
            self.admin = urlunparse(parsed._replace(path="/postgres", query=""))
            self.url = urlunparse(parsed._replace(path=f"/{self.name}"))
            self._sql(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{tmp / 'bench.sqlite3'}"

    def _sql(self, sql: str) -> None:
        import psycopg

        with closing(psycopg.connect(self.admin, autocommit=True)) as db:
            db.execute(sql)

    def drop(self) -> None:
        if self.postgres:
            self._sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _run(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return time.perf_counter() - started


NOTICE_RATE = """
import time, django
django.setup()
from marketplace.notices.jobs import render_notice
from marketplace.notices.models import Notice
notices = list(Notice.objects.filter(kind="renewal").order_by("id")[:{count}])
started = time.perf_counter()
for notice in notices:
    render_notice(notice)
print(len(notices) / (time.perf_counter() - started))
"""


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        database = _Database(tmp)
        try:
            return _measure(tmp, database)
        finally:
            database.drop()


def _measure(tmp: Path, database: _Database) -> list[Figure]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MARKETPLACE_TODAY")}
    env.update(DATABASE_URL=database.url, MARKETPLACE_VAR_DIR=str(tmp / "var"),
               PYTHONPATH=f"{REPO}:{REPO / 'src'}", MARKETPLACE_TODAY="2025-12-01")  # fmt: skip
    _run([MARKETPLACE, "migrate", "--no-input", "-v", "0"], env)
    _run([MARKETPLACE, "load-demo", "--out", str(tmp / "puf"), "--year", "2026", "--year",
          "2027"], env)  # fmt: skip
    _run([MARKETPLACE, "seed-households", str(HOUSEHOLDS), "--enroll", "--year", "2026",
          "--seed", "1"], env)  # fmt: skip
    env["MARKETPLACE_TODAY"] = "2026-12-02"
    renew = [MARKETPLACE, "renew", "--from", "2026", "--to", "2027"]
    workers = ["--workers", "2"] if database.postgres else []
    dry = _run([*renew, "--dry-run"], env)
    real = _run([*renew, *workers], env)
    where = "PostgreSQL, 2 workers" if database.postgres else "SQLite, 1 worker"
    rate, floor = HOUSEHOLDS / real, HOUSEHOLDS / dry
    done = subprocess.run([sys.executable, "-c", NOTICE_RATE.format(count=NOTICES)],
                          env={**env, "DJANGO_SETTINGS_MODULE": "marketplace.settings"},
                          cwd=REPO, capture_output=True, text=True, check=True)  # fmt: skip
    pdfs = float(done.stdout.strip().splitlines()[-1])
    return [
        Figure("renewals rate", rate, "households/s",
               f"{HOUSEHOLDS:,} enrolled households, {where}, process start included"),
        Figure("renewals floor (dry run: redetermination, crosswalk, pricing, no writes)",
               floor, "households/s", f"ratio renewal/floor {rate / floor:.2f}"),
        Figure("renewals projected to 1,000,000 households", 1_000_000 / rate / 60, "minutes",
               "goal: under 30"),
        Figure("renewal notice PDFs", pdfs * 3600, "per hour",
               f"{NOTICES} notices rendered in one process; goal 100,000"),
    ]  # fmt: skip
