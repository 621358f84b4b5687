"""CI check (`make check`): known vulnerabilities in the pinned dependencies fail the build.

Runs pip-audit (pinned in requirements-dev.txt; docs/adr/0002-dependencies.md) over every
pin in requirements.txt and constraints.txt, exactly as pinned (--no-deps: constraints.txt
already fixes every transitive version), against PyPI's vulnerability data.

A vulnerability that does not affect us can be accepted, with a reason and a date to look at
it again, by a line in docs/security/accepted-vulnerabilities.txt:

    PYSEC-2026-123  2027-03-01  Only the SMTP backend is affected; we send through files.

A line without a reason, or whose date has passed, fails the check: acceptances expire.
A package PyPI has no data for is reported as not audited; it does not fail the check. The
last line counts the pins really audited ("NOTHING AUDITED" where PyPI cannot be reached).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCEPTED = ROOT / "docs" / "security" / "accepted-vulnerabilities.txt"
LINE = re.compile(
    r"(?P<id>[A-Za-z0-9][\w.-]*-[\w.-]+)\s+(?P<until>\d{4}-\d{2}-\d{2})\s+(?P<why>\S.*)"
)


def accepted(path: Path, today: date) -> list[str]:
    """The accepted vulnerability ids; SystemExit(2) naming the line when one is wrong."""
    ids = []
    if not path.exists():
        return ids
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        text = "" if raw.lstrip().startswith("#") else raw.strip()
        if not text:
            continue
        match = LINE.fullmatch(text)
        if match is None:
            sys.exit(f"{path.name} line {number}: write 'ID YYYY-MM-DD reason', not {text!r}")
        if date.fromisoformat(match["until"]) < today:
            sys.exit(
                f"{path.name} line {number}: the acceptance of {match['id']} ran out on "
                f"{match['until']}: look at it again (upgrade, or renew it with a reason)"
            )
        ids.append(match["id"])
    return ids


def command(ids: list[str]) -> list[str]:
    out = [
        sys.executable,
        "-m",
        "pip_audit",
        "--disable-pip",
        "--no-deps",
        "--progress-spinner",
        "off",
        "--desc",
        "on",
        "-r",
        str(ROOT / "requirements.txt"),
        "-r",
        str(ROOT / "constraints.txt"),
    ]
    for vulnerability in ids:
        out += ["--ignore-vuln", vulnerability]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accepted", type=Path, default=ACCEPTED)
    parser.add_argument("--dry-run", action="store_true", help="print the command only")
    options = parser.parse_args()
    argv = command(accepted(options.accepted, date.today()))
    if options.dry_run:
        print(" ".join(argv))
        return 0
    done = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    print(coverage_line(done.stdout + done.stderr, pins()), file=sys.stderr)
    return done.returncode


def pins() -> int:
    """How many packages requirements.txt and constraints.txt pin (constraints.txt holds
    every one of them)."""
    names = set()
    for path in (ROOT / "requirements.txt", ROOT / "constraints.txt"):
        for raw in path.read_text().splitlines():
            name = raw.split("#", 1)[0].strip().split("==", 1)
            if len(name) == 2:  # the name as PEP 503 normalises it, without extras
                names.add(re.sub(r"[-_.]+", "-", name[0].split("[")[0].strip().lower()))
    return len(names)


def coverage_line(output: str, pinned: int) -> str:
    """How many pins pip-audit really audited: without PyPI's vulnerability data (no network)
    it skips each one and still finds "no known vulnerabilities", so the count says so."""
    skipped = sum("could not be audited" in line for line in output.splitlines())
    audited = max(pinned - skipped, 0)
    if audited == 0:
        return (
            f"audit_dependencies: NOTHING AUDITED: all {pinned} pins skipped (is PyPI reachable?)"
        )
    return f"audit_dependencies: {audited} of {pinned} pins audited, {skipped} skipped"


if __name__ == "__main__":
    sys.exit(main())
