"""The waiting room's shared state: every web process, on every machine, reads and writes
it here (PostgreSQL is the system of record; no Redis needed). ADR 1601."""

from __future__ import annotations

from django.db import models


class WaitingRoom(models.Model):
    """One row (pk=1): the queue's tickets, how far it has admitted, and an operator's
    opening with its message in both languages."""

    next_ticket = models.PositiveBigIntegerField(default=1)
    admitted_through = models.PositiveBigIntegerField(default=0)
    opened_by_operator = models.BooleanField(default=False)
    message_en = models.TextField(blank=True)
    message_es = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"waiting room (admitted through {self.admitted_through} of {self.next_ticket - 1})"


class ProcessLoad(models.Model):
    """One web process's recent load: the average number of requests it had in service
    over its last window (Little's law), written at most twice a second."""

    process = models.CharField(max_length=100, unique=True)
    in_flight = models.FloatField(default=0)
    updated_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.process}: {self.in_flight:.2f}"


class DailyRequests(models.Model):
    """Requests answered on one day (the state's time zone) and how many took at most
    `le` seconds: the figures `marketplace sla-report` reads. Each web process adds its
    counts every FLUSH_SECONDS (operations/sla.py); `le` = -1 holds the day's totals."""

    day = models.DateField()
    le = models.FloatField()  # the latency bucket's upper bound, seconds; -1: totals
    requests = models.PositiveBigIntegerField(default=0)
    errors = models.PositiveBigIntegerField(default=0)  # answered 5xx
    held = models.PositiveBigIntegerField(default=0)  # sent to the waiting room

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "le"], name="one_row_per_bucket")]
        ordering = ["day", "le"]

    def __str__(self) -> str:
        return f"{self.day} le={self.le}: {self.requests}"
