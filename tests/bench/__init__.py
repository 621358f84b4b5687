"""Benchmarks for `make bench`. Never run as timed tests.

Each module here named `bench_*.py` defines `run() -> list[Figure]`; the runner prints one
line per figure: `name: value unit (note)`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    note: str = ""

    def line(self) -> str:
        value = f"{self.value:,.0f}" if abs(self.value) >= 100 else f"{self.value:,.2f}"
        note = f" ({self.note})" if self.note else ""
        return f"{self.name}: {value} {self.unit}{note}"
