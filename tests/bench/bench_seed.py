"""Issue 13 benchmark (`make bench ONLY=seed`): `seed-households --enroll`, the way a state's
worth of enrolled households is built for the tests of scale (goal: 1,000,000 in under 15
minutes on this 2-core machine, PostgreSQL).

Measured in subprocesses on a fresh PostgreSQL database (BENCH_POSTGRES, default
postgres://postgres@127.0.0.1:5432; created and dropped here) holding the demo catalog:
`marketplace seed-households N --enroll --year 2026 --seed 1 --workers W` (N =
BENCH_SEED_HOUSEHOLDS, default 10,000; W = BENCH_SEED_WORKERS, default 2, one per core)
timed end to end, projected linearly to a million, then the same command with --resume
(every batch done: the run changes nothing).

The floor, measured in the same run on the same database: the rate at which one process
gets plain one-row INSERTs of a seeded household's size into PostgreSQL, a commit every 250
(`FLOOR_SNIPPET`): the bare write path with no rules, no pricing and no Django. The ratio
says how far seeding is from writing its rows and nothing else.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import Figure

HOUSEHOLDS = int(os.environ.get("BENCH_SEED_HOUSEHOLDS", "10000"))
WORKERS = int(os.environ.get("BENCH_SEED_WORKERS", "2"))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REPO = Path(__file__).resolve().parents[2]
GOAL_SECONDS = 900
FLOOR_ROWS = 50_000

FLOOR_SNIPPET = """
import sys, time, psycopg
rows = int(sys.argv[2])
with psycopg.connect(sys.argv[1]) as db:
    db.execute("CREATE TEMP TABLE floor (id bigserial primary key, label text, detail jsonb)")
    started = time.perf_counter()
    with db.cursor() as cursor:
        for n in range(rows):
            cursor.execute("INSERT INTO floor (label, detail) VALUES (%s, %s)",
                           (f"row {n}", '{"year": 2026}'))
            if n % 250 == 249:
                db.commit()
    db.commit()
    print(rows / (time.perf_counter() - started))
"""

COUNT_SQL = (
    "SELECT (SELECT count(*) FROM accounts_user) + (SELECT count(*) FROM applications_member)"
    " + (SELECT count(*) FROM determinations_determination)"
    " + (SELECT count(*) FROM enrollment_enrollment)"
    " + (SELECT count(*) FROM enrollment_enrollmentmember)"
    " + (SELECT count(*) FROM edi_outboundtransaction)"
    " + (SELECT count(*) FROM notices_notice) + (SELECT count(*) FROM jobs_job)"
    " + (SELECT count(*) FROM audit_auditevent), (SELECT count(*) FROM enrollment_enrollment)"
)


def _env(url: str, var: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        MARKETPLACE_VAR_DIR=str(var),
        MARKETPLACE_TODAY="2026-12-02",  # 2026's open enrollment is past: --year 2026 still
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
        DJANGO_SETTINGS_MODULE="marketplace.settings",
    )
    return env


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], env: dict) -> tuple[float, float, str]:
    started, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(
        ["nice", "-n", "10", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return time.perf_counter() - started, _cpu() - cpu, done.stdout


def _psql(url: str, sql: str) -> str:
    done = subprocess.run(
        ["psql", "-qAt", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def run() -> list[Figure]:
    name = f"bench_seed_{os.getpid()}"
    _psql(f"{SERVER}/postgres", f'CREATE DATABASE "{name}"')
    url = f"{SERVER}/{name}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return _measure(url, Path(tmp))
    finally:
        _psql(f"{SERVER}/postgres", f'DROP DATABASE IF EXISTS "{name}"')


def _measure(url: str, tmp: Path) -> list[Figure]:
    env = _env(url, tmp / "var")
    marketplace = str(Path(sys.executable).with_name("marketplace"))
    setup, _, _ = _run([marketplace, "migrate", "-v0"], env)
    load, _, _ = _run([marketplace, "load-demo"], env)
    command = [
        marketplace,
        "seed-households",
        str(HOUSEHOLDS),
        "--enroll",
        "--year",
        "2026",
        "--seed",
        "1",
        "--workers",
        str(WORKERS),
        "--resume",
    ]
    seconds, cpu, _ = _run(command, env)
    average = os.getloadavg()[0]
    rows, enrolled = (int(v) for v in _psql(url, COUNT_SQL).split("|"))
    again, _, _ = _run(command, env)
    _, _, floor_out = _run([sys.executable, "-c", FLOOR_SNIPPET, url, str(FLOOR_ROWS)], env)
    floor = float(floor_out.strip())
    rate = HOUSEHOLDS / seconds
    per_household = rows / HOUSEHOLDS
    return [
        Figure(
            f"seed-households --enroll, {HOUSEHOLDS:,} households",
            seconds,
            "s",
            f"{enrolled:,} enrolled; {WORKERS} workers; PostgreSQL; {cpu:.0f} s of CPU in the "
            f"command's processes; load average {average:.1f} on 2 cores; catalog set-up "
            f"{setup + load:.0f} s",
        ),
        Figure(
            "seed-households --enroll, projected to 1,000,000 households",
            seconds * 1_000_000 / HOUSEHOLDS,
            "s",
            f"linear from {HOUSEHOLDS:,}; goal < {GOAL_SECONDS} s",
        ),
        Figure("seed-households --enroll rate", rate, "households/s"),
        Figure(
            "seed-households --enroll CPU per household",
            cpu * 1000 / HOUSEHOLDS,
            "ms",
            "client processes only (rules, pricing, rows); the database server's is apart",
        ),
        Figure(
            "seed-households --enroll floor: bare INSERT rate",
            floor,
            "rows/s",
            f"one process, one-row INSERTs, a commit every 250; {per_household:.1f} rows "
            f"a seeded household; the floor writes {floor / per_household:,.0f} households' "
            f"rows a second; seeding reaches {rate * per_household / floor:.2f} of it",
        ),
        Figure("seed-households --enroll --resume of a finished run", again, "s"),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure.line())
