"""Python's cycle collector held back while a batch job runs (docs/adr/0829).

A seeding, renewal or notice batch makes hundreds of thousands of short-lived objects (model
instances, row tuples, JSON dictionaries) on top of a heap of long-lived ones: Django, the
rules and their parameters, the catalog's prices held in memory. CPython's collector runs a
young-generation pass every 700 net allocations of container objects and, every hundred or so
of those, a full pass that walks every object the process holds. Measured on 2026-12-06
(perf, `seed-households --workers 2`): the collector's own functions were about a fifth of
the command's CPU, almost all of it walking the long-lived heap again and again.

`held_back()` does what CPython offers for this (the gc module: `freeze`, `set_threshold`):
one collection, then the surviving objects are moved to the permanent generation, never
walked again; and the young generation is collected every 50,000 allocations instead of 700.
Reference counting still frees nearly everything a batch makes at once; the collector is
only for cycles, which a batch makes few of (a traceback, a queryset's cache), and it still
runs. On leaving, the thresholds are restored and the frozen objects unfrozen (tests call the
jobs in-process).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000  # allocations between young-generation collections (CPython: 700)


@contextmanager
def held_back() -> Iterator[None]:
    """Run the body with the heap as it is frozen and the collector run less often."""
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, thresholds[1], thresholds[2])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
