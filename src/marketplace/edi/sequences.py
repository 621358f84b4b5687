"""Named sequences in the database (edi.models.Counter): ISA13, GS06, ST02 and the
exchange-assigned ids. An UPDATE ... SET value = value + n takes the row's write lock first,
so two workers (or two web servers) never get the same number; a rolled-back transaction
gives its numbers back, which is what makes a re-run after a crash rewrite the same file.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from marketplace.edi.models import Counter

INTERCHANGE = "isa13"
GROUP = "gs06"
SET = "st02"
EXCHANGE_ID = "exchange_id"


def take(name: str, count: int = 1) -> int:
    """Reserve `count` consecutive values of sequence `name`; returns the first."""
    with transaction.atomic():
        if not Counter.objects.filter(name=name).update(value=F("value") + count):
            try:
                with transaction.atomic():
                    Counter.objects.create(name=name, value=0)
            except IntegrityError:
                pass
            Counter.objects.filter(name=name).update(value=F("value") + count)
        return Counter.objects.get(name=name).value - count + 1


def exchange_ids(count: int) -> list[int]:
    first = take(EXCHANGE_ID, count)
    return list(range(first, first + count))
