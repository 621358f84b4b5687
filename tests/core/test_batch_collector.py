"""Batch jobs run with Python's cycle collector held back (core/batch_collector.py, ADR
0829): the heap they start with frozen, young collections every 50,000 allocations; as
before once they end. Cycles made inside are still collected."""

from __future__ import annotations

import gc

import pytest

from marketplace.core import batch_collector


def test_inside_the_heap_is_frozen_and_young_collections_are_rarer():
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    with batch_collector.held_back():
        inside = gc.get_threshold()
        frozen_inside = gc.get_freeze_count()
    assert inside == (batch_collector.YOUNG_THRESHOLD, before[1], before[2])
    assert frozen_inside > frozen_before
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_restored_when_the_body_raises():
    before = gc.get_threshold()
    with pytest.raises(ValueError), batch_collector.held_back():
        raise ValueError("a batch failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cycles_made_inside_are_still_collected():
    class Node:
        pass

    with batch_collector.held_back():
        collected_before = sum(g["collected"] for g in gc.get_stats())
        for _ in range(3 * batch_collector.YOUNG_THRESHOLD):
            a, b = Node(), Node()
            a.other, b.other = b, a  # a cycle only the collector frees
        collected = sum(g["collected"] for g in gc.get_stats()) - collected_before
    assert collected > batch_collector.YOUNG_THRESHOLD
