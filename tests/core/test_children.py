"""Forked workers end with the command that forked them (core/children.py): a real parent
process is sent SIGTERM and its forked child must be gone within seconds; without the
request, the child is left running (what `kill` of `seed-households --workers 2` did).
On PostgreSQL, the seeding command itself: its parent killed mid-run, no worker is left and
`--resume` completes the run with every household seeded once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.applications.restart_support import CLEAN_ENV, Database

REPO = Path(__file__).resolve().parents[2]
MARKETPLACE = Path(sys.executable).with_name("marketplace")

PARENT = """
import multiprocessing, sys, time
from marketplace.core import children

def child(parent_pid, ask):
    if ask:
        children.end_with_parent(parent_pid)
    time.sleep(120)

if __name__ == "__main__":
    import os
    process = multiprocessing.get_context("fork").Process(
        target=child, args=(os.getpid(), sys.argv[1] == "ask")
    )
    process.start()
    print(process.pid, flush=True)
    time.sleep(120)
"""


def _gone(pid: int) -> bool:
    """No such process, or a zombie nobody has reaped yet (it runs no more)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.05)
    return _gone(pid)


def _parent_and_child(ask: str) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}"}
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, ask], env=env, stdout=subprocess.PIPE, text=True
    )
    return parent, int(parent.stdout.readline())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_worker_ends_when_its_parent_is_killed():
    parent, child = _parent_and_child("ask")
    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=10)
    assert _wait_gone(child, 10)


def test_without_the_request_the_worker_is_left_running():
    parent, child = _parent_and_child("none")
    try:
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=10)
        assert not _wait_gone(child, 1.5)
    finally:
        os.kill(child, signal.SIGKILL)


def _env(tmp_path: Path, database: Database) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env.update(
        DATABASE_URL=database.url,
        MARKETPLACE_VAR_DIR=str(tmp_path / "var"),
        MARKETPLACE_TODAY="2025-12-01",
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
    )
    env.pop("MARKETPLACE_PLAN_YEAR", None)
    return env


def _run(tmp_path, database, *args) -> str:
    done = subprocess.run(
        [str(MARKETPLACE), *args],
        env=_env(tmp_path, database),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _workers_of(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listed:
        return [int(p) for p in listed.read().split()]


@pytest.mark.slow
@pytest.mark.django_db
def test_seeding_killed_leaves_no_worker_and_resume_completes_it(tmp_path):
    database = Database(tmp_path)
    try:
        if not database.postgres:
            pytest.skip("--workers above 1 needs PostgreSQL")
        _run(tmp_path, database, "migrate", "--no-input", "-v", "0")
        _run(tmp_path, database, "load-demo", "--out", str(tmp_path / "puf"), "--year", "2026")
        args = ["seed-households", "300", "--enroll", "--year", "2026", "--seed", "5"]
        args += ["--workers", "2", "--batch", "5"]
        command = subprocess.Popen(
            [str(MARKETPLACE), *args],
            env=_env(tmp_path, database),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        households = "select count(*) from applications_application"
        deadline = time.monotonic() + 300
        while database.value(households) < 20 and time.monotonic() < deadline:
            assert command.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
        workers = _workers_of(command.pid)
        command.send_signal(signal.SIGTERM)  # the command only, as `kill` sends it
        command.wait(timeout=30)
        assert workers and all(_wait_gone(pid, 15) for pid in workers)
        stopped_at = database.value(households)
        time.sleep(1)
        assert database.value(households) == stopped_at < 300  # nobody goes on seeding

        _run(tmp_path, database, *args, "--resume")
        assert database.value(households) == 300
    finally:
        database.drop()
