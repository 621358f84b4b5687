"""`make check` audits the pinned dependencies (scripts/audit_dependencies.py); accepting a
known vulnerability takes a line with a reason and a date, and runs out on that date.
(No network here: the command pip-audit would run is checked, not PyPI's answer.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"


def _dry_run(accepted: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--dry-run", "--accepted", str(accepted)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_pin_is_audited_as_pinned(tmp_path):
    answer = _dry_run(tmp_path / "none.txt")
    assert answer.returncode == 0
    assert "-m pip_audit --disable-pip --no-deps" in answer.stdout
    assert "requirements.txt" in answer.stdout and "constraints.txt" in answer.stdout
    assert "--ignore-vuln" not in answer.stdout


def test_an_accepted_vulnerability_with_a_reason_and_a_date_is_ignored(tmp_path):
    accepted = tmp_path / "accepted.txt"
    accepted.write_text(
        "# reviewed by the security lead\n"
        "PYSEC-2026-123  2999-01-01  Only the SMTP backend is affected; we write mail to files.\n"
        "GHSA-abcd-efgh-ijkl  2999-06-30  Fixed in a release we cannot take before Python 3.12.\n"
    )
    answer = _dry_run(accepted)
    assert answer.returncode == 0
    assert "--ignore-vuln PYSEC-2026-123 --ignore-vuln GHSA-abcd-efgh-ijkl" in answer.stdout


def test_an_acceptance_without_a_reason_or_past_its_date_fails_the_check(tmp_path):
    accepted = tmp_path / "accepted.txt"
    accepted.write_text("PYSEC-2026-123  2999-01-01\n")
    answer = _dry_run(accepted)
    assert answer.returncode != 0 and "line 1: write 'ID YYYY-MM-DD reason'" in answer.stderr
    accepted.write_text("PYSEC-2026-123  2020-01-01  It was fine then.\n")
    answer = _dry_run(accepted)
    assert answer.returncode != 0 and "ran out on 2020-01-01" in answer.stderr
