"""The durable work queue (docs/adr/0004-background-work.md).

A job is written in the same transaction as the change that needs it (the outbox), so a
change and its side effects commit or roll back together. Workers claim due jobs under a
lease; a worker that dies leaves its job claimable again once the lease runs out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # No index of its own: the (status, run_after) index serves it (ADR 0827).
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    # No index of its own: the partial index of the due jobs below (ADR 0832).
    run_after = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=8)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The web request (or job) that queued this one, for following it through the logs.
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["run_after", "id"]
        indexes = [
            models.Index(fields=["status", "run_after"]),
            # What a worker claims next (queue.due_jobs), walking only the jobs not yet done:
            # with an index of every job's run_after a claim read past every job done
            # before it, 1.7 s a claim once 2 million were (ADR 0832).
            models.Index(
                fields=["run_after", "id"],
                condition=models.Q(status__in=[JobStatus.PENDING, JobStatus.RUNNING]),
                name="jobs_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"


class WorkerHeartbeat(models.Model):
    """A worker's last check-in: `/readyz` answers 503 when no worker has checked in lately
    (a stopped worker means notices, 834s and e-mail silently pile up)."""

    worker = models.CharField(max_length=100, unique=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    jobs_run = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.worker} (seen {self.seen_at:%Y-%m-%d %H:%M:%S})"


class Source(models.TextChoices):
    """Where batched work goes wrong (the 834s have their own list: edi.EdiException)."""

    NOTICE_RENDER = "notice_render", _("Notice could not be prepared")
    NOTICE_MAIL = "notice_mail", _("Notice could not be printed and mailed")
    EMAIL = "email", _("E-mail could not be sent")
    MEDICAID_TRANSFER = "medicaid_transfer", _("Medicaid/CHIP transfer record could not be written")
    MEDICAID_DECISION = "medicaid_decision", _("Medicaid/CHIP agency's decision could not be used")
    JOB = "job", _("Background job gave up")


class WorkException(models.Model):
    """One piece of batched work that could not be done, kept for a person to work while
    the rest of the batch went on (docs/adr/0008-batch-exceptions-and-private-data.md).

    `message` says what is wrong and what to do, and never holds personal data (names,
    SSNs, birth dates, addresses, e-mail addresses): the object is named by its public id.
    `retry_kind`/`retry_payload` queue the work again when a caseworker presses "Try again".
    """

    source = models.CharField(max_length=20, choices=Source.choices)
    reason = models.CharField(max_length=40)  # a code: missing_address, bad_content, ...
    message = models.TextField()
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    retry_kind = models.CharField(max_length=100, blank=True)
    retry_payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["resolved_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["resolved_at", "source"])]

    def __str__(self) -> str:
        return f"{self.source}: {self.object_type} {self.object_id}"
