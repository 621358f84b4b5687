"""Benchmark: full determinations per second on one core (SLCSP from an in-memory catalog).

Not collected by pytest (the name does not match test_*.py). Run:
    PYTHONPATH=src python tests/rules/bench_determinations.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal

from aca_rules import Household, InMemoryCatalog, Person, PlanOffer, determine
from aca_rules.rating import rate_table_from_base

YEAR, STATE, COUNTY = 2026, "TX", "48113"
METALS = (
    ["silver"] * 20
    + ["bronze"] * 15
    + ["expanded_bronze"] * 8
    + ["gold"] * 12
    + ["platinum"] * 3
    + ["catastrophic"] * 2
)


def realistic_catalog() -> InMemoryCatalog:
    """~60 plans from 8 issuers, 20 silver, default age curve, tobacco ratio 1.2 - 1.5."""
    offers = []
    for i, metal in enumerate(METALS):
        base = Decimal(330 + (i * 37) % 260)
        tobacco = Decimal("1.2") + Decimal(i % 4) / 10
        issuer = f"{10000 + (i % 8) * 1111:05d}"
        offers.append(
            PlanOffer(
                plan_id=f"{issuer}TX{i:04d}001"[:14],
                issuer_id=issuer,
                metal_level=metal,
                ehb_share=Decimal("1.0") if i % 5 else Decimal("0.9950"),
                includes_pediatric_dental=bool(i % 3),
                rates=rate_table_from_base(base, STATE, YEAR, tobacco),
            )
        )
    return InMemoryCatalog(
        {(YEAR, STATE, COUNTY): offers}, {(YEAR, STATE, COUNTY): "Rating Area 1"}
    )


def household(income: int) -> Household:
    return Household(
        year=YEAR,
        state=STATE,
        countyfips=COUNTY,
        zipcode="75201",
        income=Decimal(income),
        filing_status="married_joint",
        people=(
            Person(age=41, relationship="self", tobacco=True),
            Person(age=39, relationship="spouse"),
            Person(age=12, relationship="child"),
            Person(age=8, relationship="child"),
        ),
    )


def _households() -> list[Household]:
    # Vary income so caches keyed on income cannot make the benchmark trivial.
    return [household(70_000 + 137 * k) for k in range(500)]


def _measure(
    decide: Callable, households: list, catalog, seconds: float
) -> tuple[int, float, float]:
    """Determinations, CPU seconds and wall seconds of ``decide`` for about ``seconds``."""
    count = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for h in households:
            decide(h, catalog)
        count += len(households)
    return count, time.process_time() - cpu_start, time.perf_counter() - start


def run_side_by_side(seconds: float = 6, rounds: int = 6) -> dict:
    """The engine and the baseline it replaced (tests/rules/engine_baseline.py), measured
    in the same run in alternating rounds of ``seconds / rounds / 2`` each, so load from
    other processes falls on both alike. Rates are per CPU-second of this process."""
    from engine_baseline import determine as baseline

    catalog = realistic_catalog()
    households = _households()
    determine(households[0], catalog)  # warm parameter caches
    baseline(households[0], catalog)
    totals = {"engine": [0, 0.0], "baseline": [0, 0.0]}
    for _ in range(rounds):
        for name, decide in (("engine", determine), ("baseline", baseline)):
            count, cpu, _wall = _measure(decide, households, catalog, seconds / rounds / 2)
            totals[name][0] += count
            totals[name][1] += cpu
    engine = totals["engine"][0] / totals["engine"][1]
    before = totals["baseline"][0] / totals["baseline"][1]
    print(
        f"{engine:,.0f} determinations/second of CPU (named steps), {before:,.0f} before "
        f"(baseline); ratio {engine / before:.3f}"
    )
    return {
        "per_second": round(engine),
        "baseline_per_second": round(before),
        "ratio": engine / before,
    }


def run(seconds: float = 3) -> dict:
    """Run full determinations for ``seconds`` and report the rate."""
    catalog = realistic_catalog()
    households = _households()
    determine(households[0], catalog)  # warm parameter caches
    count, cpu, elapsed = _measure(determine, households, catalog, seconds)
    # CPU time of this single-threaded process = time on one core, robust to other load
    # on a shared machine; wall-clock rate reported too.
    rate = count / cpu
    result = {
        "determinations": count,
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(elapsed, 3),
        "per_second": round(rate),
        "per_second_wall": round(count / elapsed),
    }
    print(
        f"{rate:,.0f} determinations/second of CPU on one core "
        f"({count} in {cpu:.2f}s CPU, {count / elapsed:,.0f}/s wall-clock)"
    )
    return result


if __name__ == "__main__":
    run()
    run_side_by_side()
