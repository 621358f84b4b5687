"""What the officials' reports count that no other record holds: visits to the site."""

from __future__ import annotations

from django.db import models


class DailyVisits(models.Model):
    """Visits on one day (in the state's time zone): a browser's first page of the day.

    Counted by reports.visits.VisitCounterMiddleware; no address, cookie value or any other
    trace of who visited is kept, only the count.
    """

    day = models.DateField(unique=True)
    visits = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.visits}"
