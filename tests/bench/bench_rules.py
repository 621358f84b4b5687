"""Full eligibility determinations per second on one core, SLCSP from an in-memory catalog
(a county of 60 plans, 20 of them silver; a household of four). Goal: 10,000 per second.

Side by side in the same run, in alternating rounds: the engine as named steps and the
engine before that change (tests/rules/engine_baseline.py, ADR 0104), with their ratio: the
floor the named steps must not fall below is the baseline's rate (ratio 1)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.bench import Figure


def run() -> list[Figure]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "rules"))
    from bench_determinations import run as run_determinations
    from bench_determinations import run_side_by_side

    result = run_determinations(seconds=5)
    both = run_side_by_side(seconds=10)
    return [
        Figure(
            "rules.determinations_per_cpu_second",
            result["per_second"],
            "determinations/s",
            f"one core; {result['per_second_wall']:,}/s wall-clock; goal 10,000/s",
        ),
        Figure(
            "rules.named_steps_per_cpu_second",
            both["per_second"],
            "determinations/s",
            "alternating rounds with the baseline below, same run",
        ),
        Figure(
            "rules.before_named_steps_per_cpu_second",
            both["baseline_per_second"],
            "determinations/s",
            "the engine before the named steps (floor)",
        ),
        Figure(
            "rules.named_steps_to_before_ratio",
            both["ratio"],
            "x",
            "named steps / before; no worse when >= 1",
        ),
    ]
