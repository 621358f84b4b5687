"""The renewal run really killed mid-run and started again renews every household exactly
once; a third run changes nothing (docs/contracts.md 4.9).

Real processes on a database of their own (a SQLite file, or a new PostgreSQL database when
DATABASE_URL names a server, where the run uses two workers): the state is seeded for 2026
by `seed-households --enroll --year 2026`, then `marketplace renew` runs with small batches
and is SIGKILLed (with its workers) as soon as some batches have committed and others not.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.applications.restart_support import CLEAN_ENV, Database

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

REPO = Path(__file__).resolve().parents[2]
MARKETPLACE = Path(sys.executable).with_name("marketplace")
HOUSEHOLDS = 40


@pytest.fixture
def database(tmp_path):
    db = Database(tmp_path)
    try:
        yield db
    finally:
        db.drop()


def _env(tmp_path: Path, database: Database, today: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env.update(
        DATABASE_URL=database.url,
        MARKETPLACE_VAR_DIR=str(tmp_path / "var"),
        MARKETPLACE_TODAY=today,
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
    )
    env.pop("MARKETPLACE_PLAN_YEAR", None)
    return env


def _run(tmp_path, database, today, *args, timeout=600) -> str:
    done = subprocess.run(
        [str(MARKETPLACE), *args],
        env=_env(tmp_path, database, today),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_renewal_killed_mid_run_finishes_exactly_once(tmp_path, database):
    winter = "2025-12-01"
    _run(tmp_path, database, winter, "migrate", "--no-input", "-v", "0")
    _run(
        tmp_path,
        database,
        winter,
        "load-demo",
        "--out",
        str(tmp_path / "puf"),
        "--year",
        "2026",
        "--year",
        "2027",
    )
    _run(
        tmp_path,
        database,
        winter,
        "seed-households",
        str(HOUSEHOLDS),
        "--enroll",
        "--year",
        "2026",
        "--seed",
        "13",
    )
    active = ("selected", "transmitted", "effectuated")
    enrolled = database.value(
        "select count(*) from enrollment_enrollment where coverage_year = 2026 "
        "and status in (%s, %s, %s)",
        *active,
    )
    assert enrolled >= HOUSEHOLDS // 2

    args = ["renew", "--from", "2026", "--to", "2027", "--batch", "2"]
    if database.postgres:
        args += ["--workers", "2"]
    renewals = "select count(*) from renewals_renewal"
    process = subprocess.Popen(
        [str(MARKETPLACE), *args],
        env=_env(tmp_path, database, "2026-12-02"),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while database.value(renewals) < 4 and time.monotonic() < deadline:
            assert process.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    killed_at = database.value(renewals)
    assert 4 <= killed_at < enrolled, "killed mid-run"

    by_place = tmp_path / "by-county-and-insurer.csv"
    report = _run(tmp_path, database, "2026-12-02", *args, "--report", str(by_place))
    assert f"All runs: {enrolled} renewed, 0 left." in report
    # The resumed run's report by county and insurer counts what it did, its workers' added.
    *places, totals = csv.DictReader(by_place.read_text(encoding="utf-8").splitlines())
    assert int(totals["households"]) == enrolled - killed_at
    assert sum(int(place["households"]) for place in places) == enrolled - killed_at
    assert database.value(renewals) == enrolled
    assert database.value("select count(distinct previous_id) from renewals_renewal") == enrolled
    new_policies = database.value(
        "select count(*) from enrollment_enrollment where coverage_year = 2027"
    )
    assert new_policies == database.value(
        "select count(*) from renewals_renewal where enrollment_id is not null"
    )
    assert new_policies == database.value(
        "select count(*) from edi_outboundtransaction t join enrollment_enrollment e "
        "on e.id = t.enrollment_id where e.coverage_year = 2027"
    )
    assert database.value("select count(*) from notices_notice where kind = 'renewal'") == (
        enrolled
    )
    assert (
        database.value("select count(*) from determinations_determination where cause = 'renewal'")
        == enrolled
    )

    before = database.table_counts()
    again = _run(tmp_path, database, "2026-12-02", *args)
    assert "renewed 0 policies" in again
    assert database.table_counts() == before
