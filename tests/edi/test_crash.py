"""Killing the export in the middle of a file and running it again sends every transaction
exactly once: real processes, really SIGKILLed (edi/export.py; core/crashpoints.py)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from x12 import read_834

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

REPO = Path(__file__).resolve().parents[2]
MARKETPLACE = Path(sys.executable).with_name("marketplace")
COUNT, PER_FILE = 120, 40


def _env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MARKETPLACE_CRASH_AT")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'crash.sqlite3'}",
        MARKETPLACE_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
        **extra,
    )
    return env


def _export(tmp_path: Path, out: Path, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(MARKETPLACE),
            "edi-export",
            "--out",
            str(out),
            "--validation",
            "companion",
            "--per-file",
            str(PER_FILE),
        ],
        env=_env(tmp_path, **extra),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _sent(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "crash.sqlite3") as db:
        return db.execute(
            "select count(*) from edi_outboundtransaction where status = 'sent'"
        ).fetchone()[0]


def test_a_killed_export_resumes_and_sends_every_transaction_exactly_once(tmp_path):
    setup = subprocess.run(
        [sys.executable, "-m", "tests.edi.synthetic", str(COUNT), "2"],
        env=_env(tmp_path),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert setup.returncode == 0, setup.stderr
    out = tmp_path / "out"

    # 1. killed halfway through writing the first file
    first = _export(tmp_path, out, MARKETPLACE_CRASH_AT="edi.export.write:3000")
    assert first.returncode == -signal.SIGKILL, first.stderr
    partial = list(out.rglob(".*.partial"))
    assert len(partial) == 1 and partial[0].stat().st_size == 3000
    assert not [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert _sent(tmp_path) == 0

    # 2. killed after the first complete file was renamed, before its database commit
    second = _export(tmp_path, out, MARKETPLACE_CRASH_AT="edi.export.after_rename")
    assert second.returncode == -signal.SIGKILL, second.stderr
    [orphan] = [p for p in out.rglob("*.T")]
    orphan_bytes = orphan.read_bytes()
    assert _sent(tmp_path) == 0

    # 3. the real run
    third = _export(tmp_path, out)
    assert third.returncode == 0, third.stderr
    assert f"Wrote {COUNT} transactions in 4 files" in third.stdout
    files = sorted(out.rglob("*.T"))
    assert len(files) == 4
    assert orphan.read_bytes() == orphan_bytes  # the same file, rewritten byte for byte
    assert not list(out.rglob(".*.partial"))
    policies = Counter(t.policy_id for f in files for t in read_834(f).transactions)
    assert len(policies) == COUNT and set(policies.values()) == {1}
    controls = [read_834(f).control_number for f in files]
    assert len(set(controls)) == 4
    assert _sent(tmp_path) == COUNT

    # 4. and nothing is left to send
    again = _export(tmp_path, out)
    assert "Wrote 0 transactions in 0 files" in again.stdout
