"""Casework's own tables: the household search keys (more come with queues and overrides)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class KeyKind(models.TextChoices):
    NAME = "name", "name"  # key: the normalized last name; extra: the normalized first name
    BIRTH = "dob", "date of birth"  # key: YYYY-MM-DD
    SSN4 = "ssn4", "SSN last four"  # key: keyed hash, never the digits
    EMAIL = "email", "e-mail"  # key: lower case
    PHONE = "phone", "phone"  # key: the last ten digits


class SearchKey(models.Model):
    """One way to find a household (its owner's account): a lookup key for one field of one
    person or application, kept current as they are saved (casework/search_index.py)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Which row the key came from ("m<pk>" a member, "a<pk>" an application): a save replaces
    # only that row's keys.
    source = models.CharField(max_length=24)
    kind = models.CharField(max_length=8, choices=KeyKind.choices)
    key = models.CharField(max_length=100)
    extra = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key", "owner"], name="casework_searchkey_lookup"),
            models.Index(fields=["source"], name="casework_searchkey_source"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} key of household {self.owner_id}"
