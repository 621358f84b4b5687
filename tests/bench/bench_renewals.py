"""Issue 13 benchmark: households renewed per second by `marketplace renew` (redetermination,
crosswalk, pricing, new policy, 834 queued, notice queued, all written), projected to
1,000,000 households (goal: under 30 minutes on this 2-core machine), and renewal notice
PDFs rendered per hour (goal: 100,000).

On PostgreSQL when DATABASE_URL names a server (a database of its own is created and
dropped; the run uses BENCH_RENEWAL_WORKERS workers, default 2, one per core), else on a
temporary SQLite file (1 worker). The state is seeded with `seed-households N --enroll
--year 2026` (N = BENCH_RENEWALS, default 2,000; the enrolled ones are renewed), timed too.
A scale run: BENCH_RENEWALS=120000 BENCH_RENEWAL_DRY_RUN=0 BENCH_RENEWAL_NOTICES=0 (no dry
run in one process, no PDFs: the seeding and the renewal with the workers, and the floor).

Two floors, measured in the same run on the same database:
- the bare write path: one process sending plain one-row INSERTs (bench_seed's
  `FLOOR_SNIPPET`, PostgreSQL only), compared with the rows a renewal writes a second;
- `renew --dry-run`: the redetermination, crosswalk and pricing alone, with no writes.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from tests.bench import Figure
from tests.bench.bench_seed import FLOOR_SNIPPET

HOUSEHOLDS = int(os.environ.get("BENCH_RENEWALS", "2000"))
WORKERS = int(os.environ.get("BENCH_RENEWAL_WORKERS", "2"))
FLOOR_ROWS = 30_000
NOTICES = int(os.environ.get("BENCH_RENEWAL_NOTICES", "100"))  # 0: no PDF figures
DRY_RUN = os.environ.get("BENCH_RENEWAL_DRY_RUN", "1") != "0"  # 0: no dry run (a scale run)
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


def _cpu() -> float:
    """CPU seconds used by finished child processes (a command and its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
render_notice(notices.pop())  # the first loads WeasyPrint and the fonts
started, cpu = time.perf_counter(), time.process_time()
for notice in notices:
    render_notice(notice)
print(len(notices) / (time.perf_counter() - started), len(notices) / (time.process_time() - cpu))
"""


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        database = _Database(tmp)
        try:
            return _measure(tmp, database)
        finally:
            database.drop()


ROWS_SQL = (
    "SELECT (SELECT count(*) FROM determinations_determination)"
    " + (SELECT count(*) FROM verifications_medicaidreferral)"
    " + (SELECT count(*) FROM enrollment_enrollment)"
    " + (SELECT count(*) FROM enrollment_enrollmentmember)"
    " + (SELECT count(*) FROM edi_outboundtransaction)"
    " + (SELECT count(*) FROM renewals_renewal)"
    " + (SELECT count(*) FROM notices_notice) + (SELECT count(*) FROM jobs_job)"
    " + (SELECT count(*) FROM audit_auditevent)"
)
CHECKPOINTS_SQL = "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"
SERVER_SETTINGS = ("shared_buffers", "max_wal_size", "checkpoint_timeout", "wal_compression")
ENROLLED_SQL = (
    "SELECT count(*) FROM enrollment_enrollment WHERE coverage_year = 2026"
    " AND status IN ('selected', 'transmitted', 'effectuated')"
)


def _value(url: str, sql: str) -> int:
    import psycopg

    with closing(psycopg.connect(url)) as db:
        return int(db.execute(sql).fetchone()[0])


def _measure(tmp: Path, database: _Database) -> list[Figure]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MARKETPLACE_TODAY")}
    env.update(
        DATABASE_URL=database.url,
        MARKETPLACE_VAR_DIR=str(tmp / "var"),
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
        MARKETPLACE_TODAY="2025-12-01",
    )
    _run([MARKETPLACE, "migrate", "--no-input", "-v", "0"], env)
    _run(
        [MARKETPLACE, "load-demo", "--out", str(tmp / "puf"), "--year", "2026", "--year", "2027"],
        env,
    )
    workers = ["--workers", str(WORKERS)] if database.postgres and WORKERS > 1 else []
    seeded = _run(
        [
            MARKETPLACE,
            "seed-households",
            str(HOUSEHOLDS),
            "--enroll",
            "--year",
            "2026",
            "--seed",
            "1",
            *workers,
        ],
        env,
    )
    env["MARKETPLACE_TODAY"] = "2026-12-02"
    renew = [MARKETPLACE, "renew", "--from", "2026", "--to", "2027"]
    policies = _value(database.url, ENROLLED_SQL) if database.postgres else HOUSEHOLDS
    rows_before = _value(database.url, ROWS_SQL) if database.postgres else 0
    checkpoints = _value(database.url, CHECKPOINTS_SQL) if database.postgres else 0
    dry = _run([*renew, "--dry-run"], env) if DRY_RUN else None
    started_load, cpu = os.getloadavg()[0], _cpu()
    idle = _run([MARKETPLACE, "check"], env)  # a process's start: Django and the rules
    start_cpu, cpu = _cpu() - cpu, _cpu()
    real = _run([*renew, *workers], env)
    run_cpu = _cpu() - cpu - start_cpu  # the workers are forked: started once
    load = (started_load + os.getloadavg()[0]) / 2
    again = _run(renew, env)
    count = WORKERS if workers else 1
    where = (
        f"PostgreSQL, {count} worker{'s' if count > 1 else ''}"
        if database.postgres
        else ("SQLite, 1 worker")
    )
    rate = policies / real
    figures = [
        Figure(
            "renewals: the state seeded (seed-households --enroll)",
            HOUSEHOLDS / seeded,
            "households/s",
            f"{HOUSEHOLDS:,} households in {seeded:.1f} s, {where}, process start included",
        ),
        Figure(
            "renewals rate",
            rate,
            "households/s",
            f"{policies:,} enrolled households of {HOUSEHOLDS:,} seeded renewed in "
            f"{real:.1f} s, {where}, process start included; load average {load:.1f} "
            f"on 2 cores",
        ),
        Figure(
            "renewals projected to 1,000,000 households",
            1_000_000 / rate / 60,
            "minutes",
            f"linear from {policies:,} with {count} worker(s); goal: under 30",
        ),
        Figure(
            "renewals CPU per household",
            run_cpu * 1000 / policies,
            "ms",
            f"the command's processes, their start ({start_cpu:.1f} s each, {idle:.1f} s "
            f"wall) left out; the database server's is apart",
        ),
        Figure(
            "renewals projected to 1,000,000 households on an idle machine",
            1_000_000 * run_cpu / policies / count / 60,
            "minutes",
            f"the CPU per household on {count} core(s), as if the database cost nothing: a "
            f"lower bound",
        ),
        Figure("renewals second run (nothing left to renew)", again, "s"),
    ]
    if dry is not None:
        figures.insert(
            2,
            Figure(
                "renewals dry run (redetermination, crosswalk, pricing, no writes)",
                policies / dry,
                "households/s",
                f"1 process; renewal/dry run {dry / real:.2f}",
            ),
        )
    if database.postgres:
        figures.append(_server_figure(database.url, checkpoints))
        per_household = (_value(database.url, ROWS_SQL) - rows_before) / policies
        done = subprocess.run(
            [sys.executable, "-c", FLOOR_SNIPPET, database.url, str(FLOOR_ROWS)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        floor = float(done.stdout.strip().splitlines()[-1])
        figures.append(
            Figure(
                "renewals floor: bare INSERT rate",
                floor,
                "rows/s",
                f"one process, one-row INSERTs, a commit every 250; a renewal writes "
                f"{per_household:.1f} rows and updates its application; the floor writes "
                f"{floor / per_household:,.0f} households' rows a second; the renewal run "
                f"reaches {rate * per_household / floor:.2f} of it",
            )
        )
    if NOTICES > 1:
        figures += _pdf_figures(env)
    return figures


def _server_figure(url: str, checkpoints_before: int) -> Figure:
    """The checkpoints the database server made during the dry run and the renewal, with the
    settings that decide how often (docs/runbooks/renewals.md: a state's server)."""
    import psycopg

    with closing(psycopg.connect(url)) as db:
        shown = ", ".join(
            f"{name} {db.execute(f'SHOW {name}').fetchone()[0]}" for name in SERVER_SETTINGS
        )
    return Figure(
        "renewals: database server checkpoints during the run",
        _value(url, CHECKPOINTS_SQL) - checkpoints_before,
        "checkpoints",
        shown,
    )


def _pdf_figures(env: dict) -> list[Figure]:
    done = subprocess.run(
        [sys.executable, "-c", NOTICE_RATE.format(count=NOTICES)],
        env={**env, "DJANGO_SETTINGS_MODULE": "marketplace.settings"},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    pdfs, pdfs_cpu = (float(v) for v in done.stdout.strip().splitlines()[-1].split())
    return [
        Figure(
            "renewal notice PDFs",
            pdfs * 3600,
            "per hour",
            f"{NOTICES - 1} notices rendered and stored in one process; goal 100,000",
        ),
        Figure(
            "renewal notice PDFs per hour of CPU",
            pdfs_cpu * 3600,
            "per hour",
            "the rate one process reaches on a core of its own; the render "
            "jobs run on every worker",
        ),
    ]
