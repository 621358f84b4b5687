"""Issue 14 benchmark (`make bench ONLY=form1095a`): Form 1095-A figures and the annual data
file for every policy of a year (goal: 1,000,000 policies in under 10 minutes on this 2-core
machine, PostgreSQL), and the rate of Form 1095-A PDFs.

Measured in subprocesses on a fresh PostgreSQL database (BENCH_POSTGRES, default
postgres://postgres@127.0.0.1:5432; the database is created and dropped here):
BENCH_1095A_POLICIES policies (default 100,000; families of 1-3) are built with bulk
inserts (tests/edi/synthetic.py: the same 834 payloads checkout queues), then in SQL every
determination gets a benchmark premium, one policy in ten a mid-year APTC change (a second
834, effective July 1), one in twenty ends in August and one in a hundred is cancelled.
Then `marketplace form-1095a --year 2026 --out DIR --no-pdf --workers 2` (one process per
core) is timed end to end (process
start, reading every policy's records, the statements, storing the forms with their audit
rows, writing the XML data file), and projected linearly to a million policies. A second
run (nothing changed) shows the idempotent path. The PDF rate is the real path
(`batch.write_documents`: notice, WeasyPrint rendering, file) on a sample of forms.
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

POLICIES = int(os.environ.get("BENCH_1095A_POLICIES", "100000"))
WORKERS = int(os.environ.get("BENCH_1095A_WORKERS", "2"))  # one per core
PDF_SAMPLE = int(os.environ.get("BENCH_1095A_PDFS", "100"))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REPO = Path(__file__).resolve().parents[2]
GOAL_SECONDS = 600
LAST_CPU = 0.0  # CPU seconds of the last subprocess (the machine is shared: wall time varies)

SHAPE_SQL = """
UPDATE determinations_determination
   SET result = jsonb_build_object('benchmark_premium', (450 + id % 400)::text || '.25');
INSERT INTO edi_outboundtransaction (enrollment_id, issuer_id, kind, maintenance_type,
       maintenance_reason, additional_reason, payload, created_at, status)
SELECT enrollment_id, issuer_id, 'change', '001', '', 'FINANCIAL CHANGE',
       payload || '{"maintenance_type": "001", "financial_effective_date": "2026-07-01",
                    "aptc_amount": "100.00"}'::jsonb, created_at, 'pending'
  FROM edi_outboundtransaction WHERE enrollment_id % 10 = 0;
UPDATE enrollment_enrollment SET status = 'terminated', coverage_end = '2026-08-31'
 WHERE id % 20 = 1;
UPDATE enrollment_enrollment SET status = 'cancelled', coverage_end = coverage_start
 WHERE id % 100 = 2;
ANALYZE;
"""

PDF_SNIPPET = """
import os, sys, time
import django
django.setup()
from pathlib import Path
from marketplace.form1095a import batch
started = time.perf_counter()
counts = batch.write_documents(2026, Path(sys.argv[1]), limit=int(sys.argv[2]))
print(counts.pdfs, time.perf_counter() - started)
"""


def _env(url: str, var: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        MARKETPLACE_VAR_DIR=str(var),
        MARKETPLACE_TODAY="2027-01-15",
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
        DJANGO_SETTINGS_MODULE="marketplace.settings",
    )
    return env


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], env: dict) -> tuple[float, str]:
    global LAST_CPU
    started, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    LAST_CPU = _cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return seconds, done.stdout


def _psql(url: str, sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, capture_output=True
    )


def run() -> list[Figure]:
    name = f"bench_form1095a_{os.getpid()}"
    _psql(f"{SERVER}/postgres", f'CREATE DATABASE "{name}"')
    url = f"{SERVER}/{name}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return _measure(url, Path(tmp))
    finally:
        _psql(f"{SERVER}/postgres", f'DROP DATABASE IF EXISTS "{name}"')


def _measure(url: str, tmp: Path) -> list[Figure]:
    env = _env(url, tmp / "var")
    setup, _ = _run([sys.executable, "-m", "tests.edi.synthetic", str(POLICIES), "4"], env)
    _psql(url, SHAPE_SQL)
    marketplace = str(Path(sys.executable).with_name("marketplace"))
    command = [
        marketplace,
        "form-1095a",
        "--year",
        "2026",
        "--out",
        str(tmp / "out"),
        "--no-pdf",
        "--workers",
        str(WORKERS),
    ]
    seconds, out = _run(command, env)
    cpu = LAST_CPU
    load = os.getloadavg()[0]
    again, _ = _run(command, env)
    size = (tmp / "out" / "form1095a-2026.xml").stat().st_size
    projected = seconds * 1_000_000 / POLICIES
    figures = [
        Figure(
            f"form1095a figures and data file, {POLICIES:,} policies",
            seconds,
            "s",
            f"{out.strip()}; {size / 1e6:,.0f} MB XML; PostgreSQL; {cpu:.0f} s of CPU in the "
            f"command's process; load average {load:.1f} on 2 cores; setup {setup:.0f} s",
        ),
        Figure(
            "form1095a figures and data file, projected to 1,000,000 policies",
            projected,
            "s",
            f"linear from {POLICIES:,}; goal < {GOAL_SECONDS} s",
        ),
        Figure("form1095a rate", POLICIES / seconds, "policies/s"),
        Figure("form1095a second run (nothing changed)", again, "s"),
    ]
    return figures + _pdf_rate(env, tmp)


def _pdf_rate(env: dict, tmp: Path) -> list[Figure]:
    _, out = _run([sys.executable, "-c", PDF_SNIPPET, str(tmp / "out"), str(PDF_SAMPLE)], env)
    pdfs, seconds = out.split()
    rate = int(pdfs) / float(seconds)
    return [
        Figure(
            "form1095a PDF rate",
            rate,
            "PDFs/s",
            f"{pdfs} forms: notice, WeasyPrint rendering, file; one process; "
            f"1,000,000 would take {1_000_000 / rate / 3600:,.1f} h on one core",
        )
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure.line())
