"""834 benchmark: the pure writer on 100,000 enrollments, and pyx12's validation rate.

Issue 7 goal: 100,000 enrollments into 834 files in under 60 s including the Django side, so the
pure writer (src/x12) must take a small part of that.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

from tests.bench import Figure
from tests.x12 import factories as f
from x12 import ControlNumbers, read_834, write_834
from x12.validate import run_pyx12

ENROLLMENTS = 100_000
PER_FILE = 5_000


def _enrollments(count: int) -> list:
    return [f.addition(i, 1 + i % 4) for i in range(count)]  # families of 1-4


def run() -> list[Figure]:
    figures = []
    txns = _enrollments(ENROLLMENTS)
    members = sum(len(t.members) for t in txns)
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        files = 0
        size = 0
        for number, start in enumerate(range(0, len(txns), PER_FILE), start=1):
            text = write_834(
                txns[start : start + PER_FILE],
                f.CONFIG,
                ControlNumbers(interchange=number, group=number),
                f.CREATED,
            )
            path = Path(out) / f"MAHIX.12345.I834.D261127.T{number:09d}.T"
            path.write_text(text, encoding="ascii")
            files += 1
            size += len(text)
        seconds = time.perf_counter() - started
    figures.append(
        Figure(
            "x12 write 100k enrollments",
            seconds,
            "s",
            f"{members:,} members, {files} files of {PER_FILE:,}, "
            f"{size / 1e6:,.0f} MB; goal < 60 s end to end",
        )
    )
    figures.append(Figure("x12 write rate", ENROLLMENTS / seconds, "transactions/s"))

    sample = write_834(txns[:PER_FILE], f.CONFIG, ControlNumbers(1, 1), f.CREATED)
    started = time.perf_counter()
    read = read_834(sample).transactions
    seconds = time.perf_counter() - started
    figures.append(
        Figure(
            "x12 read rate", len(read) / seconds, "transactions/s", f"{PER_FILE:,}-transaction file"
        )
    )

    thousand, count = [], 0
    for txn in txns:
        if count >= 1000:
            break
        take = txn.members[: 1000 - count]
        thousand.append(replace(txn, members=take) if len(take) < len(txn.members) else txn)
        count += len(take)
    text = write_834(thousand, f.CONFIG, ControlNumbers(2, 2), f.CREATED)
    started = time.perf_counter()
    ok, errors, _ = run_pyx12(text)
    seconds = time.perf_counter() - started
    if not ok:
        raise AssertionError(errors[:5])
    figures.append(
        Figure(
            "x12 pyx12 validation rate",
            count / seconds,
            "members/s",
            f"1,000-member file, {seconds:.2f} s",
        )
    )
    return figures
