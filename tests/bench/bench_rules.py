"""Full eligibility determinations per second on one core, SLCSP from an in-memory catalog
(a county of 60 plans, 20 of them silver; a household of four). Goal: 10,000 per second."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.bench import Figure


def run() -> list[Figure]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "rules"))
    from bench_determinations import run as run_determinations

    result = run_determinations(seconds=5)
    return [
        Figure(
            "rules.determinations_per_cpu_second",
            result["per_second"],
            "determinations/s",
            f"one core; {result['per_second_wall']:,}/s wall-clock; goal 10,000/s",
        )
    ]
