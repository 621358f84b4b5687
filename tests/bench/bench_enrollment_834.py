"""Issue 7 benchmark: 100,000 enrollments turned into 834 files (goal: under 60 s on this
2-core machine), and the validation rates.

Measured in subprocesses on a temporary SQLite database: the enrollments and their pending
initial 834s are created with bulk inserts (tests/edi/synthetic.py: the same edi.build and
outbox payload checkout writes), then the real export path is timed end to end:
`marketplace edi-export --out DIR` (process start, reading the outbox, writing and fsyncing
files per issuer with control numbers from the database, per-file validation, marking sent
and moving every enrollment to `transmitted` with its audit row).

The export runs with EDI_VALIDATION=fast (the companion-guide checks on every transaction
written) because pyx12 checks about 100 members a second; the rates of the full checks are
reported so the trade-off is visible (docs/adr/0800-enrollment-and-834.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import Figure

ENROLLMENTS = int(os.environ.get("BENCH_ENROLLMENTS", "100000"))
ISSUERS = 4
REPO = Path(__file__).resolve().parents[2]


def _env(db: Path, var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        MARKETPLACE_VAR_DIR=str(var),
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
        MARKETPLACE_EDI_VALIDATION="fast",
    )
    return env


def _run(args: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return seconds, done.stdout


def _validation_rates(path: Path) -> list[Figure]:
    from x12 import ControlNumbers, read_834, write_834
    from x12.envelope import Party, WriterConfig
    from x12.validate import companion_errors, run_pyx12

    text = path.read_text(encoding="ascii")
    txns = read_834(text).transactions
    members = sum(len(t.members) for t in txns)
    started = time.perf_counter()
    errors = companion_errors(text)
    seconds = time.perf_counter() - started
    figures = [
        Figure(
            "834 companion-guide validation rate",
            members / seconds,
            "members/s",
            f"{len(txns):,}-transaction file, {len(errors)} errors",
        )
    ]
    sample = txns[:100]
    config = WriterConfig("MAHIX", sample[0].issuer_hios_id, Party("MA", "94", "MA0"))
    small = write_834(sample, config, ControlNumbers(1, 1), txns[0].request_submit_timestamp)
    started = time.perf_counter()
    ok, _pyx_errors, _ = run_pyx12(small)
    seconds = time.perf_counter() - started
    count = sum(len(t.members) for t in sample)
    figures.append(
        Figure(
            "834 pyx12 validation rate",
            count / seconds,
            "members/s",
            f"{len(sample)}-transaction file, ok={ok}",
        )
    )
    return figures


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = _env(tmp / "bench.sqlite3", tmp / "var")
        setup, _ = _run(
            [sys.executable, "-m", "tests.edi.synthetic", str(ENROLLMENTS), str(ISSUERS)], env
        )
        marketplace = str(Path(sys.executable).with_name("marketplace"))
        seconds, out = _run([marketplace, "edi-export", "--out", str(tmp / "out")], env)
        files = sorted((tmp / "out").rglob("*.T"))
        size = sum(f.stat().st_size for f in files)
        figures = [
            Figure(
                "enrollment 834 export of 100k enrollments",
                seconds,
                "s",
                f"{ENROLLMENTS:,} enrollments, {len(files)} files, {size / 1e6:,.0f} MB, "
                f"{out.strip()} goal < 60 s; setup by bulk insert {setup:.0f} s",
            ),
            Figure("enrollment 834 export rate", ENROLLMENTS / seconds, "enrollments/s"),
        ]
        figures += _validation_rates(files[0])
        return figures


if __name__ == "__main__":
    for figure in run():
        print(figure.line())
