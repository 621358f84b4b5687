"""Form 1095-A, Health Insurance Marketplace Statement: one row per form issued for a policy
and year (26 U.S.C. 36B(f)(3); 26 CFR 1.36B-5).

The first form of a policy is `original`; when a later change alters a month, a `corrected`
form follows; when the policy turns out never to have covered anyone (cancelled), a `void`
form (docs/adr/0702-form-1095a.md). `figures` is the whole statement as issued (recipient,
covered individuals, the twelve months and totals), `sha256` its digest, so the next run
knows whether anything changed. The PDF is the notice's (`notice`), in the message center.
"""

from __future__ import annotations

import uuid

from django.db import models


class FormKind(models.TextChoices):
    ORIGINAL = "original", "Original"
    CORRECTED = "corrected", "Corrected"
    VOID = "void", "Void"


class Form1095A(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        "enrollment.Enrollment",
        on_delete=models.PROTECT,
        related_name="tax_forms",
        db_index=False,  # served by form1095a_one_per_sequence (ADR 0827)
    )
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveSmallIntegerField()  # 1 for the original, then 2, 3, ...
    kind = models.CharField(max_length=10, choices=FormKind.choices)
    figures = models.JSONField()
    sha256 = models.CharField(max_length=64)
    issued_on = models.DateField()  # the exchange's date (core/clock.py)
    notice = models.OneToOneField(
        "notices.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["enrollment_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "year", "sequence"], name="form1095a_one_per_sequence"
            )
        ]
        indexes = [models.Index(fields=["year", "enrollment", "sequence"])]

    def __str__(self) -> str:
        return f"Form 1095-A {self.year} {self.kind} #{self.sequence} of {self.enrollment_id}"

    @property
    def record_number(self) -> int:
        """The record's number in the annual data file (RecordSequenceNum): the policy's id
        and the form's sequence (form1095a/batch.py), stable across runs."""
        return self.enrollment_id * 100 + self.sequence
