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


class DailyFigure(models.Model):
    """The dashboard's figures for one closed day, counted from the records by the rollup job
    (reports/rollup.py; ADR 1604): how many households reached `stage` that day, for one
    combination of the filters (county, channel, language, metal level), in total
    (`dimension` "") or for one value of a breakdown (`dimension` fpl, age, returning or
    program). A household's data never appears here, only counts and sums."""

    day = models.DateField()
    stage = models.CharField(max_length=16)
    county = models.CharField(max_length=5, blank=True)
    channel = models.CharField(max_length=12, blank=True)
    language = models.CharField(max_length=5, blank=True)
    metal = models.CharField(max_length=16, blank=True)
    dimension = models.CharField(max_length=12, blank=True)
    value = models.CharField(max_length=16, blank=True)
    count = models.PositiveBigIntegerField()
    premium = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    premium_after_credit = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["stage", "dimension", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.stage} {self.dimension}={self.value}: {self.count}"


class Rollup(models.Model):
    """One row: the days the DailyFigure rows cover (through `counted_through`, inclusive)
    and when they were counted. Later days are counted live from the records."""

    counted_through = models.DateField()
    counted_at = models.DateTimeField()
    seconds = models.FloatField(default=0)  # how long the last count took

    def __str__(self) -> str:
        return f"counted through {self.counted_through} at {self.counted_at}"
