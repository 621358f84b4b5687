"""The durable work queue (docs/adr/0004-background-work.md).

A job is written in the same transaction as the change that needs it (the outbox), so a
change and its side effects commit or roll back together. Workers claim due jobs under a
lease; a worker that dies leaves its job claimable again once the lease runs out.
"""

from __future__ import annotations

from django.db import models


class JobStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed (gave up)"


class Job(models.Model):
    kind = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField(default=dict)
    # The same key twice is the same work: enqueue() keeps the first.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING, db_index=True
    )
    run_after = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=8)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run_after", "id"]
        indexes = [models.Index(fields=["status", "run_after"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
