"""The engine gives the results it gave when the fingerprints were recorded
(tests/rules/fingerprints.py): every determination case, and the random households drawn
from a fixed seed - the first few thousand always, all 100,000 in the slow run."""

from __future__ import annotations

import json

import pytest
from fingerprints import (
    CASES_FILE,
    RANDOM_COUNT,
    case_fingerprints,
    random_fingerprints,
    random_households,
    stored_random,
)

ALWAYS = 3_000


def _changed(count: int) -> list[str]:
    stored = stored_random(count)
    assert len(stored) == count, "record the fingerprints: tests/rules/fingerprints.py --write"
    changed = []
    for n, (now, then) in enumerate(zip(random_fingerprints(count), stored, strict=True)):
        if now != then:
            changed.append(n)
    if not changed:
        return []
    households = list(random_households(changed[0] + 1))
    first = households[changed[0]][0]
    return [f"{len(changed)} of {count} changed; the first, number {changed[0]}: {first!r}"]


def test_every_determination_case_gives_the_recorded_result():
    """Cases added since are checked by their own expected outputs only."""
    stored = json.loads(CASES_FILE.read_text())
    now = case_fingerprints()
    recorded = [key for key in now if key in stored]
    assert len(recorded) >= 250
    assert [key for key in recorded if now[key] != stored[key]] == []


def test_random_households_give_the_recorded_results():
    assert _changed(ALWAYS) == []


@pytest.mark.slow
def test_all_random_households_give_the_recorded_results():
    assert _changed(RANDOM_COUNT) == []
