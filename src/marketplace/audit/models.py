"""The append-only event log: who did what, to what, when, from where.

The actor is a plain key to the account, not a constraint the database enforces, and no
deletion rewrites it: a log that names who acted must not be changed by what happens to the
account later, and each checked reference cost a look-up of the account's row for every
event written (ADR 0837). Events are read by the object they are about (`object_id`) and by
who acted (`actor`); nothing reads them by action or time alone, so neither has an index."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=200, blank=True)  # "system", "worker", a command
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=100, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} by {self.actor_label or 'system'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
