"""`make check` audits the pinned dependencies (scripts/audit_dependencies.py); accepting a
known vulnerability takes a line with a reason and a date, and runs out on that date.
(No network here: the command pip-audit would run is checked, not PyPI's answer.)"""

from __future__ import annotations

import importlib.util
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


def _script():
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_check_says_how_many_pins_were_really_audited():
    """Without PyPI's vulnerability data pip-audit skips every pin and still reports "no known
    vulnerabilities": the last line says nothing was audited, not that all is well."""
    script = _script()
    pinned = script.pins()
    assert pinned > 50
    skipped = "\n".join(
        f"pkg{n}  Dependency not found on PyPI and could not be audited: pkg{n} (1.0)"
        for n in range(pinned)
    )
    assert "NOTHING AUDITED" in script.coverage_line(skipped, pinned)
    some = "\n".join(skipped.splitlines()[:3])
    assert script.coverage_line(some, pinned).endswith(
        f"{pinned - 3} of {pinned} pins audited, 3 skipped"
    )
